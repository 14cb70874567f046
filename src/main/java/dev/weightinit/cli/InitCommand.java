package dev.weightinit.cli;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.backend.Backend;
import dev.weightinit.engine.DType;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.model.ModelSpec;
import dev.weightinit.model.Presets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Every tensor of a model to one safetensors file, streamed. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Initialize every tensor of a model and write them to a safetensors file, streaming: neither the Java "
                + "heap nor the device ever holds the whole model.",
            "Each tensor draws from its own stream (SHA-256 of its name) under the model seed: --seed, else the spec's "
                + "seed, else a drawn one (printed). A tensor whose config has its own seed keeps it unless --seed is given."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--preset", paramLabel = "NAME", description = "A built-in model: mlp-small, resnet50, gpt2-small, llama-7b "
                + "(one file), or a shipped Hugging Face config (a folder, as --hf-config): gpt2, llama-2-7b, llama-3.1-8b, "
                + "mistral-7b, mixtral-8x7b, qwen2-7b.")
        String preset;

        @Option(names = "--spec", paramLabel = "MODEL.json", description = "A model spec: tensors with name, shape, initializer, optional dtype.")
        Path spec;

        @Option(names = "--like", paramLabel = "PATH",
                description = "Re-initialize a checkpoint's layout: a .safetensors file, a Hugging Face folder (index and shards) or a "
                        + "layout file from 'weightinit layout'. Reads headers only; writes the same names, order, shapes, dtypes and "
                        + "shard files (into --out, a folder for a folder) with fresh values; config.json and small files are copied.")
        Path like;

        @Option(names = "--hf-config", paramLabel = "CONFIG.json|NAME",
                description = "Write a Hugging Face model folder (config.json, safetensors shards, index) from a transformers config, "
                        + "or a shipped one: gpt2, llama-2-7b, llama-3.1-8b, mistral-7b, mixtral-8x7b, qwen2-7b.")
        String hfConfig;
    }

    @Option(names = "--max-shard-size", defaultValue = "5GB", paramLabel = "SIZE",
            description = "With --hf-config: the largest shard (5GB, 500MB, 2GiB, or bytes). Default: ${DEFAULT-VALUE}.")
    String maxShardSize;

    @Option(names = "--part", paramLabel = "K/N",
            description = "With --hf-config: write only shards i with (i - 1) mod N = K - 1 (and the index and config), so N runs "
                    + "write one folder together.")
    String part;

    @Option(names = "--overwrite", description = "With --hf-config: write into an output folder that is not empty.")
    boolean overwrite;

    @Option(names = "--rules", defaultValue = "hf", paramLabel = "NAME|RULES.json",
            description = "With --like: hf (Linear/Embedding weights N(0, initializer_range of config.json, else 0.02), norms 1, "
                    + "biases 0), torch (PyTorch's module defaults, the module inferred from names and ranks), or a file "
                    + "{\"rules\": [{\"match\": REGEX, \"initializer\": ..., \"dtype\": ...}]} (first full match wins). "
                    + "Default: ${DEFAULT-VALUE}.")
    String rules;

    @Option(names = "--plan", description = "With --like or --hf-config: print what would be written (tensors, rules, shards, "
            + "totals); write nothing.")
    boolean plan;

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "Default dtype: float32, float16, bfloat16 or float64 (a tensor's own dtype in the spec wins). Default: the spec's, else float32.")
    String dtype;

    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "Output file (written whole or not at all).")
    Path out;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, lines otherwise), bar, plain or none. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--chunk-mib", defaultValue = "8", paramLabel = "MIB", description = "Chunk size for streaming (three chunks are in "
            + "flight: small enough to stay in the processor's cache between generating, summing and writing). Default: ${DEFAULT-VALUE}.")
    int chunkMib;

    @Option(names = "--no-summary", description = "Print only the totals, not the per-tensor table.")
    boolean noSummary;

    @Option(names = "--profile", description = "Print where the time went to stderr: JVM starts, setup, and the writer's stages "
            + "(generate, statistics, file writes, waits).")
    boolean profile;

    /** The writer's stages of every file this command writes. */
    final TensorWriter.Stages stages = new TensorWriter.Stages();

    @Override
    public Integer call() throws IOException {
        int status = write();
        if (profile) {
            StageProfile.print(spec.commandLine().getErr(), stages);
        }
        return status;
    }

    private int write() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (chunkMib < 1 || chunkMib > 1024) {
            throw new IllegalArgumentException("chunk size " + chunkMib + " MiB is not valid: expected 1 to 1024");
        }
        if (source.hfConfig != null) {
            return new HfFolderWriter(this, stdout, err).run(source.hfConfig);
        }
        if (source.preset != null && HfFolderPlan.SHIPPED.contains(source.preset)) {
            return new HfFolderWriter(this, stdout, err).run(source.preset); // a shipped config.json: a Hugging Face folder
        }
        if (source.like != null) {
            return new LikeWriter(this, stdout, err).run(source.like);
        }
        ModelSpec model = source.preset != null ? Presets.get(source.preset) : ModelSpec.read(source.spec);
        for (String warning : model.warnings()) {
            err.println("warning: " + warning);
        }
        DType defaultType = dtype != null ? CommonOptions.dtype(dtype) : model.dtype() != null ? model.dtype() : DType.FLOAT32;
        boolean drawn = common.seed == null && model.seed() == null;
        long seed = common.seed != null ? common.seed : model.seed() != null ? model.seed() : new SecureRandom().nextLong();
        List<TensorWriter.Job> jobs = new ArrayList<>();
        List<SafetensorsHeader.Entry> entries = new ArrayList<>();
        for (ModelSpec.Tensor t : model.tensors()) {
            Initializer init = t.initializer();
            boolean ownSeed = init instanceof dev.weightinit.core.Seeded s && !s.seed().drawn();
            if (common.seed != null || !ownSeed) {
                init = CommonOptions.seeded(init, seed);
            }
            TensorSpec tensor = TensorSpec.named(t.name(), t.shape(), t.dtype() != null ? t.dtype() : defaultType);
            if (init instanceof dev.weightinit.core.HostComputedInitializer host) {
                host.slowWork(t.shape()).ifPresent(work -> err.println("init: " + t.name() + ": " + work));
            }
            jobs.add(new TensorWriter.Job(t.name(), tensor, init));
            entries.add(new SafetensorsHeader.Entry(t.name(), tensor));
        }
        Map<String, String> layout = new LinkedHashMap<>();
        // "pt" is what safetensors loaders (transformers) expect of a torch-layout file.
        layout.put("format", "keras".equals(model.layout()) ? "keras" : "pt");
        layout.put("layout", model.layout() != null ? model.layout() : "unspecified");
        Map<String, String> metadata = SafetensorsFile.metadata(layout, seed,
                source.preset != null ? "preset " + source.preset : source.spec.getFileName().toString());
        SafetensorsHeader.of(entries, metadata); // bad names are refused before a device is opened
        long dataBytes = SafetensorsHeader.dataBytes(entries);
        StageProfile.mark("command line parsed, model read, initializers and header made");
        long started = System.nanoTime();
        List<TensorWriter.TensorStats> stats;
        String deviceName;
        String certified;
        try (Backend backend = common.openBackend(err)) {
            deviceName = backend.description();
            certified = backend.certification();
            StageProfile.mark("device opened (and its certificate looked up)");
            try (Progress bar = Progress.create(progress, dataBytes, jobs.size(), err)) {
                stats = SafetensorsFile.write(out, entries, metadata, jobs, backend, chunkMib,
                        (bytes, done, job) -> bar.update(bytes, done, job.name()), stages);
            }
            StageProfile.mark("file written (kernels built at first use), synced and renamed");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (drawn) {
            CommonOptions.reportDrawnSeed(err, seed); // only once the file is in place
        }
        if (!noSummary) {
            printSummary(stdout, jobs, stats);
        }
        long parameters = model.parameterCount();
        String count = Format.count(parameters).equals(Long.toString(parameters)) ? Long.toString(parameters)
                : Format.count(parameters) + " (" + parameters + ")";
        stdout.printf(Locale.ROOT, "total: %s parameters, %s in %d tensors, %s, %.3g GB/s, device %s (certified: %s), seed %d -> %s%n",
                count, Format.bytes(dataBytes), jobs.size(), Format.duration(seconds), dataBytes / seconds / 1e9, deviceName,
                certified, seed, out);
        return 0;
    }

    static void printSummary(PrintWriter out, List<TensorWriter.Job> jobs, List<TensorWriter.TensorStats> stats) {
        int nameWidth = Math.max(6, jobs.stream().mapToInt(j -> j.name().length()).max().orElse(6));
        String row = "%-" + nameWidth + "s  %-20s  %-8s  %-16s  %11s  %10s  %12s%n";
        out.printf(Locale.ROOT, row, "tensor", "shape", "dtype", "initializer", "mean", "std", "expected std");
        for (int i = 0; i < jobs.size(); i++) {
            TensorWriter.Job job = jobs.get(i);
            TensorWriter.TensorStats s = stats.get(i);
            String expected = job.initializer().expectedStddev(job.tensor().shape()).stream()
                    .mapToObj(v -> String.format(Locale.ROOT, "%.6g", v)).findFirst().orElse("-");
            out.printf(Locale.ROOT, row, job.name(), job.tensor().shape(), job.tensor().dtype().specName(),
                    job.initializer().className(), String.format(Locale.ROOT, "%.4g", s.mean()),
                    String.format(Locale.ROOT, "%.6g", s.stddev()), expected);
        }
    }
}
