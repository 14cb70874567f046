package dev.weightinit.cli;

import dev.weightinit.backend.Backend;
import dev.weightinit.io.AtomicOutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code init --hf-config}: a Hugging Face model folder from a {@code config.json} (or a shipped
 * one by name), as {@link HfFolderPlan} plans it: {@code config.json}, the shards and the index.
 * {@code --part K/N} writes the shards {@code i} with {@code (i - 1) mod N = K - 1} (and the
 * identical index and config), so N hosts write one folder together. Each tensor's values depend
 * only on seed, name, shape, dtype and initializer, never on the shard split. Not thread-safe.
 */
final class HfFolderWriter {
    private final InitCommand options;
    private final PrintWriter stdout;
    private final PrintWriter err;

    HfFolderWriter(InitCommand options, PrintWriter stdout, PrintWriter err) {
        this.options = options;
        this.stdout = stdout;
        this.err = err;
    }

    int run(String configArg) throws IOException {
        HfFolderPlan plan = HfFolderPlan.of(options, configArg, options.out.toString());
        int[] part = parsePart(options.part);
        if (options.plan) {
            plan.describe().forEach(stdout::println);
            return 0;
        }
        Path out = options.out;
        prepare(out, part != null);
        long started = System.nanoTime();
        List<String> written = new ArrayList<>();
        String device;
        List<HfFolderPlan.Shard> shards = plan.shards();
        try (Backend backend = options.common.openBackend(err)) {
            device = backend.description();
            for (int i = 0; i < shards.size(); i++) {
                if (part != null && i % part[1] != part[0] - 1) {
                    continue;
                }
                HfFolderPlan.Shard shard = shards.get(i);
                SafetensorsFile.write(out.resolve(shard.file()), shard.entries(), plan.metadata(), shard.jobs(), backend,
                        options.chunkMib, (b, d, j) -> { }, options.stages);
                written.add(shard.file());
                err.println("init: wrote " + out.resolve(shard.file()));
            }
        }
        AtomicOutputFile.write(out.resolve("config.json"), plan.config());
        if (plan.index() != null) {
            AtomicOutputFile.write(out.resolve("model.safetensors.index.json"), plan.index());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        stdout.printf(Locale.ROOT, "total: %d parameters, %s in %d tensors and %d shard%s (%s written by this run%s), %s, device %s, "
                        + "seed %d -> %s%n", plan.parameters(), Format.bytes(plan.totalBytes()),
                shards.stream().mapToInt(s -> s.jobs().size()).sum(), shards.size(), shards.size() == 1 ? "" : "s",
                written.size() == shards.size() ? "all" : String.join(", ", written), part == null ? "" : ", part " + options.part,
                Format.duration(seconds), device, plan.seed(), out);
        if (plan.seedDrawn()) {
            CommonOptions.reportDrawnSeed(err, plan.seed());
        }
        return 0;
    }

    /** {@code K/N} with {@code 1 <= K <= N}, or {@code null}. */
    static int[] parsePart(String text) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})/([0-9]{1,9})").matcher(text.strip());
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(1)) < 1
                || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new IllegalArgumentException("part '" + text + "' is not valid: expected K/N with 1 <= K <= N, such as 2/8");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private void prepare(Path out, boolean partOfMany) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + " is a file: --hf-config writes a folder");
        }
        if (Files.isDirectory(out) && !partOfMany && !options.overwrite) {
            try (Stream<Path> files = Files.list(out)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalArgumentException(out + " exists and is not empty: use --overwrite to write into it");
                }
            }
        }
        Files.createDirectories(out);
    }
}
