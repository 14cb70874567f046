package dev.weightinit.cli;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.io.AtomicOutputFile;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.SafetensorsReader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.model.CheckpointLayout;
import dev.weightinit.model.LikeRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code init --like}: a checkpoint's layout with fresh values. Every tensor keeps its name, so
 * its stream, and so its values depend only on seed, name, shape, dtype and rule, never on the
 * shard it is in. Shards are written one at a time, each whole or not at all; the index and the
 * copied files come last, so a folder that has its index is complete. Not thread-safe.
 */
final class LikeWriter {
    private final InitCommand options;
    private final PrintWriter stdout;
    private final PrintWriter err;

    LikeWriter(InitCommand options, PrintWriter stdout, PrintWriter err) {
        this.options = options;
        this.stdout = stdout;
        this.err = err;
    }

    int run(Path like) throws IOException {
        CheckpointLayout layout = CheckpointLayout.read(like);
        List<LikeRules.Choice> choices = LikeRules.of(options.rules).choose(layout);
        long seed = options.common.seed != null ? options.common.seed : new SecureRandom().nextLong();
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
                if (options.common.seed != null || !(init instanceof Seeded s && !s.seed().drawn())) {
                    init = CommonOptions.seeded(init, seed);
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
        if (options.plan) {
            printPlan(layout, choices, parameters, bytes);
            return 0;
        }
        Path out = options.out;
        if (layout.folder()) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException(out + " is a file: --like of a folder writes a folder");
            }
            if (Files.isDirectory(out)) {
                try (Stream<Path> files = Files.list(out)) {
                    if (files.findAny().isPresent()) {
                        throw new IllegalArgumentException(out + " exists and is not empty: --like of a folder writes into a new or empty folder");
                    }
                }
            }
            Files.createDirectories(out);
        }
        long started = System.nanoTime();
        List<TensorWriter.Job> allJobs = new ArrayList<>();
        List<TensorWriter.TensorStats> allStats = new ArrayList<>();
        String device;
        try (Backend backend = options.common.openBackend(err)) {
            device = backend.description();
            for (int f = 0; f < layout.files().size(); f++) {
                CheckpointLayout.File file = layout.files().get(f);
                Map<String, String> kept = new LinkedHashMap<>(file.metadata());
                kept.putIfAbsent("format", "pt");
                Map<String, String> metadata = SafetensorsFile.metadata(kept, seed, "like " + like.getFileName() + ", rules " + options.rules);
                Path target = layout.folder() ? out.resolve(file.name()) : out;
                allStats.addAll(SafetensorsFile.write(target, entriesPerFile.get(f), metadata, jobsPerFile.get(f), backend, options.chunkMib,
                        (written, done, job) -> { }, options.stages));
                allJobs.addAll(jobsPerFile.get(f));
                err.println("init: wrote " + target);
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
        if (!options.noSummary) {
            InitCommand.printSummary(stdout, allJobs, allStats);
        }
        stdout.printf(Locale.ROOT, "total: %d parameters, %s in %d tensors and %d file%s like %s, %s, device %s, seed %d -> %s%n",
                parameters, Format.bytes(bytes), allJobs.size(), layout.files().size(), layout.files().size() == 1 ? "" : "s", like,
                Format.duration(seconds), device, seed, out);
        if (options.common.seed == null) {
            CommonOptions.reportDrawnSeed(err, seed);
        }
        return 0;
    }

    private void printPlan(CheckpointLayout layout, List<LikeRules.Choice> choices, long parameters, long bytes) {
        int k = 0;
        for (CheckpointLayout.File file : layout.files()) {
            stdout.println(file.name() + ":");
            for (SafetensorsReader.Entry t : file.tensors()) {
                LikeRules.Choice c = choices.get(k++);
                stdout.printf(Locale.ROOT, "  %-50s %-22s %-5s %-18s %s%n", t.name(), t.shape(),
                        (c.dtype() != null ? c.dtype() : t.dtype()).safetensorsName(), c.initializer().className(), c.rule());
            }
        }
        stdout.printf(Locale.ROOT, "plan: %d tensors, %d parameters, %s in %d file%s%s%n", choices.size(), parameters, Format.bytes(bytes),
                layout.files().size(), layout.files().size() == 1 ? "" : "s", layout.folder() ? " (a folder, with its index and "
                        + layout.copies().size() + " copied files)" : "");
    }
}
