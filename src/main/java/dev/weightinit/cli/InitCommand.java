package dev.weightinit.cli;

import dev.weightinit.checkpoint.ByteSize;
import dev.weightinit.backend.Devices;
import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.checkpoint.InitResult;
import dev.weightinit.checkpoint.InitRun;
import dev.weightinit.checkpoint.Part;
import dev.weightinit.checkpoint.RunOutput;
import dev.weightinit.engine.DType;
import dev.weightinit.hf.HfConfigs;
import dev.weightinit.io.TensorWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weightinit init}: parses the options into an {@link InitRequest} and runs it ({@link InitRun}). */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Initialize every tensor of a model and write them, streaming, to a safetensors file or a Hugging Face "
                + "folder: neither the Java heap nor the device ever holds the whole model.",
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
                + "(one file), or a shipped Hugging Face config (a folder, as --hf-config): " + HfConfigs.NAMES + ".")
        String preset;

        @Option(names = "--spec", paramLabel = "MODEL.json", description = "A model spec: tensors with name, shape, initializer, optional dtype.")
        String spec;

        @Option(names = "--like", paramLabel = "PATH",
                description = "Re-initialize a checkpoint's layout: a .safetensors file, a Hugging Face folder (index and shards) or a "
                        + "layout file from 'weightinit layout'. Reads headers only; writes the same names, order, shapes, dtypes and "
                        + "shard files (into --out, a folder for a folder) with fresh values; config.json and small files are copied.")
        String like;

        @Option(names = "--hf-config", paramLabel = "CONFIG.json|NAME",
                description = "Write a Hugging Face model folder (config.json, safetensors shards, index) from a transformers config, "
                        + "or a shipped one: " + HfConfigs.NAMES + ".")
        String hfConfig;

        InitRequest.Source toRequest() {
            return preset != null ? new InitRequest.Source(InitRequest.Kind.PRESET, preset)
                    : spec != null ? new InitRequest.Source(InitRequest.Kind.SPEC, spec)
                    : like != null ? new InitRequest.Source(InitRequest.Kind.LIKE, like)
                    : new InitRequest.Source(InitRequest.Kind.HF_CONFIG, hfConfig);
        }
    }

    @Option(names = "--max-shard-size", defaultValue = InitRequest.DEFAULT_MAX_SHARD_SIZE, paramLabel = "SIZE",
            description = "With --hf-config: the largest shard (5GB, 500MB, 2GiB, or bytes). Default: ${DEFAULT-VALUE}.")
    String maxShardSize;

    @Option(names = "--part", paramLabel = "K/N",
            description = "With --hf-config: write only shards i with (i - 1) mod N = K - 1 (and the index and config), so N runs "
                    + "write one folder together.")
    String part;

    @Option(names = "--overwrite", description = "With --hf-config or --like of a folder: write into an output folder that is not empty.")
    boolean overwrite;

    @Option(names = "--rules", defaultValue = InitRequest.DEFAULT_RULES, paramLabel = "NAME|RULES.json",
            description = "With --like: hf (Linear/Embedding weights N(0, initializer_range of config.json, else 0.02), norms 1, "
                    + "biases 0), torch (PyTorch's module defaults, the module inferred from names and ranks), torchtitan "
                    + "(torchtitan's Llama 3 init on Hugging Face names: depth-scaled output projections, lm_head cut at ±3 std), "
                    + "torchvision:MODEL (that torchvision model family's own init, e.g. torchvision:resnet50; plain torchvision "
                    + "infers the family from the names), or a file "
                    + "{\"rules\": [{\"match\": REGEX, \"initializer\": ..., \"dtype\": ...}]} (first full match wins). "
                    + "Default: ${DEFAULT-VALUE}.")
    String rules;

    @Option(names = "--plan", description = "With --like or --hf-config: print what would be written (tensors, rules, shards, "
            + "totals); write nothing.")
    boolean plan;

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "Default dtype: float32, float16, bfloat16 or float64 (a tensor's own dtype in the spec wins). "
                    + "Default: the model's (a spec's dtype, a config's torch_dtype), else float32.")
    String dtype;

    @Option(names = "--out", required = true, paramLabel = "PATH",
            description = "The output: a .safetensors file for --spec, a one-file preset or --like of a file; a folder for "
                    + "--hf-config, a shipped-config preset or --like of a folder. Written whole or not at all.")
    String out;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, lines otherwise), bar, plain or none. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--chunk-mib", defaultValue = "" + InitRequest.DEFAULT_CHUNK_MIB, paramLabel = "MIB", description = "Chunk size "
            + "for streaming (three chunks are in flight: small enough to stay in the processor's cache between generating, summing "
            + "and writing). Default: ${DEFAULT-VALUE}.")
    int chunkMib;

    @Option(names = "--no-summary", description = "Print only the totals, not the per-tensor table.")
    boolean noSummary;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary: the model's size, each "
            + "file, the seed, and the device with its certification (for --plan: what would be written).")
    boolean json;

    @Option(names = "--profile", description = "Print where the time went to stderr: JVM starts, setup, and the writer's stages "
            + "(generate, statistics, file writes, waits).")
    boolean profile;

    /** The writer's stages of every file this command writes. */
    final TensorWriter.Stages stages = new TensorWriter.Stages();

    /** The options as a validated request. */
    InitRequest request() {
        java.util.Set<String> given = new java.util.HashSet<>();
        for (picocli.CommandLine.Model.OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            given.add(option.longestName());
        }
        return new InitRequest(source.toRequest(), out, common.seed, dtype != null ? DType.parseOutput(dtype) : null,
                ByteSize.parse(maxShardSize), part != null ? Part.parse(part) : null, overwrite, rules, plan, common.device, chunkMib,
                given);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        InitRequest request = request();
        Progress.checkMode(progress); // refused before anything runs
        if (!request.planOnly()) {
            Devices.prepare(request.device()); // the fallback's compile overlaps reading the model
        }
        PrintWriter out = json ? new PrintWriter(java.io.OutputStream.nullOutputStream()) : spec.commandLine().getOut();
        RunOutput output = new RunOutput(out, err, !noSummary, stages,
                (bytes, tensors) -> Progress.create(progress, bytes, tensors, err), StageProfile::mark);
        InitResult result = InitRun.run(request, output);
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.of(result));
        }
        if (profile) {
            StageProfile.print(err, stages);
        }
        return 0;
    }
}
