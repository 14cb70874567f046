package dev.weightinit.checkpoint;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.io.AtomicOutputFile;
import dev.weightinit.io.Format;
import dev.weightinit.io.SafetensorsFile;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.SafetensorsReader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.keras.Initializers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code init --like}: a checkpoint's layout with fresh values. Every tensor keeps its name, so
 * its stream, and so its values depend only on seed, name, shape, dtype and rule, never on the
 * shard it is in. Shards are written one at a time, each whole or not at all; the index and the
 * copied files come last, so a folder that has its index is complete. The output folder follows
 * {@link OutputFolder}. Not thread-safe; one run per instance.
 */
final class LikeWriter {
    private final InitRequest request;
    private final RunOutput output;

    LikeWriter(InitRequest request, RunOutput output) {
        this.request = request;
        this.output = output;
    }

    int run() throws IOException {
        Path like = Path.of(request.source().value());
        CheckpointLayout layout = CheckpointLayout.read(like);
        List<LikeRules.Choice> choices = LikeRules.of(request.rules()).choose(layout);
        ModelSeed seed = ModelSeed.of(request.seed());
        List<List<TensorWriter.Job>> jobsPerFile = new ArrayList<>();
        List<List<SafetensorsHeader.Entry>> entriesPerFile = new ArrayList<>();
        int k = 0;
        long parameters = 0;
        long bytes = 0;
        for (CheckpointLayout.File file : layout.files()) {
            List<TensorWriter.Job> jobs = new ArrayList<>();
            List<SafetensorsHeader.Entry> entries = new ArrayList<>();
            for (SafetensorsReader.Entry t : file.tensors()) {
                LikeRules.Choice choice = choices.get(k++);
                Initializer init = choice.initializer();
                if (request.seed() != null || !(init instanceof Seeded s && !s.seed().drawn())) {
                    init = Initializers.withSeed(init, seed.value());
                }
                TensorSpec tensor = TensorSpec.named(t.name(), t.shape(), choice.dtype() != null ? choice.dtype() : t.dtype());
                jobs.add(new TensorWriter.Job(t.name(), tensor, init));
                entries.add(new SafetensorsHeader.Entry(t.name(), tensor));
                parameters += t.shape().elementCount();
            }
            bytes += SafetensorsHeader.dataBytes(entries);
            jobsPerFile.add(jobs);
            entriesPerFile.add(entries);
        }
        if (request.planOnly()) {
            printPlan(layout, choices, parameters, bytes);
            return 0;
        }
        Path out = Path.of(request.out());
        if (layout.folder()) {
            OutputFolder.prepare(out, "--like of a folder", request.overwrite(), false);
        }
        long started = System.nanoTime();
        List<TensorWriter.Job> allJobs = new ArrayList<>();
        List<TensorWriter.TensorStats> allStats = new ArrayList<>();
        String device;
        try (Backend backend = Devices.open(request.device(), warning -> output.err().println("warning: " + warning))) {
            device = backend.description();
            for (int f = 0; f < layout.files().size(); f++) {
                CheckpointLayout.File file = layout.files().get(f);
                Map<String, String> kept = new LinkedHashMap<>(file.metadata());
                kept.putIfAbsent("format", "pt");
                Map<String, String> metadata = SafetensorsFile.metadata(kept, seed.value(), "like " + like.getFileName() + ", rules " + request.rules());
                Path target = layout.folder() ? out.resolve(file.name()) : out;
                allStats.addAll(SafetensorsFile.write(target, entriesPerFile.get(f), metadata, jobsPerFile.get(f), backend,
                        request.chunkMib(), (written, done, job) -> { }, output.stages()));
                allJobs.addAll(jobsPerFile.get(f));
                output.err().println("init: wrote " + target);
            }
        }
        if (layout.folder()) {
            for (Path copy : layout.copies()) {
                AtomicOutputFile.write(out.resolve(copy.getFileName().toString()), Files.readAllBytes(copy));
            }
            if (layout.copies().isEmpty()) { // from a layout file: its index and config
                if (layout.config() != null) {
                    AtomicOutputFile.write(out.resolve("config.json"), layout.config().toPrettyString().getBytes(StandardCharsets.UTF_8));
                }
                if (layout.index() != null) {
                    AtomicOutputFile.write(out.resolve(CheckpointLayout.INDEX), layout.index().toPrettyString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (output.tensorTable()) {
            TensorTable.print(output.out(), allJobs, allStats);
        }
        output.out().printf(Locale.ROOT, "total: %d parameters, %s in %d tensors and %d file%s like %s, %s, device %s, seed %d -> %s%n",
                parameters, Format.bytes(bytes), allJobs.size(), layout.files().size(), layout.files().size() == 1 ? "" : "s", like,
                Format.duration(seconds), device, seed.value(), out);
        if (seed.drawn()) {
            output.err().println(seed.reproduceHint("this file"));
        }
        return 0;
    }

    private void printPlan(CheckpointLayout layout, List<LikeRules.Choice> choices, long parameters, long bytes) {
        int k = 0;
        for (CheckpointLayout.File file : layout.files()) {
            output.out().println(file.name() + ":");
            for (SafetensorsReader.Entry t : file.tensors()) {
                LikeRules.Choice c = choices.get(k++);
                output.out().printf(Locale.ROOT, "  %-50s %-22s %-5s %-18s %s%n", t.name(), t.shape(),
                        (c.dtype() != null ? c.dtype() : t.dtype()).safetensorsName(), c.initializer().className(), c.rule());
            }
        }
        output.out().printf(Locale.ROOT, "plan: %d tensors, %d parameters, %s in %d file%s%s%n", choices.size(), parameters, Format.bytes(bytes),
                layout.files().size(), layout.files().size() == 1 ? "" : "s", layout.folder() ? " (a folder, with its index and "
                        + layout.copies().size() + " copied files)" : "");
    }
}
