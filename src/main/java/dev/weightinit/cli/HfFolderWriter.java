package dev.weightinit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.backend.Backend;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.io.AtomicOutputFile;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.model.HfArchitectures;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code init --hf-config}: a Hugging Face model folder from a {@code config.json} (or a shipped
 * one by name): {@code config.json}, the shards {@code model-0000K-of-0000N.safetensors} packed
 * greedily in state_dict order as huggingface_hub does (a tensor over the limit gets a shard of its
 * own), and {@code model.safetensors.index.json} as transformers writes it; one
 * {@code model.safetensors} and no index when everything fits one shard. {@code --part K/N} writes
 * the shards {@code i} with {@code (i - 1) mod N = K - 1} (and the identical index and config), so N
 * hosts write one folder together. Each tensor's values depend only on seed, name, shape, dtype and
 * initializer, never on the shard split. Not thread-safe.
 */
final class HfFolderWriter {
    /** The configs shipped with the tool, by name. */
    static final List<String> SHIPPED = List.of("gpt2", "llama-2-7b", "llama-3.1-8b", "mistral-7b", "mixtral-8x7b", "qwen2-7b");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InitCommand options;
    private final PrintWriter stdout;
    private final PrintWriter err;

    HfFolderWriter(InitCommand options, PrintWriter stdout, PrintWriter err) {
        this.options = options;
        this.stdout = stdout;
        this.err = err;
    }

    /** One shard: its file name and tensors. */
    record Shard(String file, List<TensorWriter.Job> jobs, List<SafetensorsHeader.Entry> entries, long bytes) {
    }

    int run(String configArg) throws IOException {
        byte[] configBytes = configBytes(configArg);
        JsonNode config;
        try {
            config = JSON.readTree(configBytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + configArg + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("config " + configArg + " is not a JSON object");
        }
        long maxShard = parseSize(options.maxShardSize);
        int[] part = parsePart(options.part);
        DType dtype = options.dtype != null ? CommonOptions.dtype(options.dtype)
                : HfArchitectures.dtype(config) != null ? HfArchitectures.dtype(config) : DType.FLOAT32;
        long seed = options.common.seed != null ? options.common.seed : new SecureRandom().nextLong();
        List<HfArchitectures.Tensor> tensors = HfArchitectures.tensors(config, configArg);
        List<Shard> shards = plan(tensors, dtype, seed, maxShard);
        long parameters = tensors.stream().mapToLong(t -> t.shape().elementCount()).sum();
        long bytes = shards.stream().mapToLong(Shard::bytes).sum();
        if (options.plan) {
            for (Shard shard : shards) {
                stdout.printf(Locale.ROOT, "%s: %d tensors, %s%n", shard.file(), shard.jobs().size(), Format.bytes(shard.bytes()));
            }
            stdout.printf(Locale.ROOT, "plan: %s %d tensors, %d parameters, %s in %d shard%s of at most %s, %s%n",
                    HfArchitectures.modelType(config, configArg), tensors.size(), parameters, Format.bytes(bytes), shards.size(),
                    shards.size() == 1 ? "" : "s", Format.bytes(maxShard), dtype.specName());
            return 0;
        }
        Path out = options.out;
        prepare(out, part != null);
        long started = System.nanoTime();
        List<String> written = new ArrayList<>();
        String device;
        Map<String, String> metadata = SafetensorsFile.metadata(Map.of("format", "pt"), seed, "hf-config " + Path.of(configArg).getFileName());
        try (Backend backend = options.common.openBackend(err)) {
            device = backend.description();
            for (int i = 0; i < shards.size(); i++) {
                if (part != null && i % part[1] != part[0] - 1) {
                    continue;
                }
                Shard shard = shards.get(i);
                SafetensorsFile.write(out.resolve(shard.file()), shard.entries(), metadata, shard.jobs(), backend, options.chunkMib,
                        (b, d, j) -> { });
                written.add(shard.file());
                err.println("init: wrote " + out.resolve(shard.file()));
            }
        }
        AtomicOutputFile.write(out.resolve("config.json"), configBytes);
        if (shards.size() > 1) {
            AtomicOutputFile.write(out.resolve("model.safetensors.index.json"), index(shards, parameters).getBytes(StandardCharsets.UTF_8));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        stdout.printf(Locale.ROOT, "total: %d parameters, %s in %d tensors and %d shard%s (%s written by this run%s), %s, device %s, "
                        + "seed %d -> %s%n", parameters, Format.bytes(bytes), tensors.size(), shards.size(), shards.size() == 1 ? "" : "s",
                written.size() == shards.size() ? "all" : String.join(", ", written), part == null ? "" : ", part " + options.part,
                Format.duration(seconds), device, seed, out);
        if (options.common.seed == null) {
            CommonOptions.reportDrawnSeed(err, seed);
        }
        return 0;
    }

    /** Greedy packing in state_dict order (huggingface_hub's split_torch_state_dict_into_shards). */
    static List<Shard> plan(List<HfArchitectures.Tensor> tensors, DType dtype, long seed, long maxShard) {
        List<List<HfArchitectures.Tensor>> groups = new ArrayList<>();
        List<HfArchitectures.Tensor> current = new ArrayList<>();
        long currentBytes = 0;
        for (HfArchitectures.Tensor t : tensors) {
            long size = t.shape().elementCount() * dtype.bytes();
            if (size > maxShard) {
                groups.add(List.of(t)); // a tensor over the limit gets a shard of its own
                continue;
            }
            if (currentBytes + size > maxShard && !current.isEmpty()) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(t);
            currentBytes += size;
        }
        if (!current.isEmpty() || groups.isEmpty()) {
            groups.add(current);
        }
        List<Shard> shards = new ArrayList<>();
        int n = groups.size();
        for (int i = 0; i < n; i++) {
            String file = n == 1 ? "model.safetensors" : String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, n);
            List<TensorWriter.Job> jobs = new ArrayList<>();
            List<SafetensorsHeader.Entry> entries = new ArrayList<>();
            for (HfArchitectures.Tensor t : groups.get(i)) {
                TensorSpec spec = TensorSpec.named(t.name(), t.shape(), dtype);
                jobs.add(new TensorWriter.Job(t.name(), spec, CommonOptions.seeded(t.initializer(), seed)));
                entries.add(new SafetensorsHeader.Entry(t.name(), spec));
            }
            shards.add(new Shard(file, jobs, entries, SafetensorsHeader.dataBytes(entries)));
        }
        return shards;
    }

    /** The index as transformers writes it: {@code json.dumps(index, indent=2, sort_keys=True) + "\n"}. */
    static String index(List<Shard> shards, long parameters) {
        Map<String, String> map = new TreeMap<>();
        long total = 0;
        for (Shard shard : shards) {
            shard.entries().forEach(e -> map.put(e.name(), shard.file()));
            total += shard.bytes();
        }
        StringBuilder json = new StringBuilder("{\n  \"metadata\": {\n    \"total_parameters\": ").append(parameters)
                .append(",\n    \"total_size\": ").append(total).append("\n  },\n  \"weight_map\": {\n");
        int k = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            json.append("    ").append(quote(e.getKey())).append(": ").append(quote(e.getValue()))
                    .append(++k < map.size() ? ",\n" : "\n");
        }
        return json.append("  }\n}\n").toString();
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code --max-shard-size}: bytes, or a number with a unit as huggingface_hub parses it
     * (decimal KB, MB, GB, TB; binary KiB, MiB, GiB, TiB).
     */
    static long parseSize(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]i?B)?\\s*",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("max shard size '" + text + "' is not valid: expected bytes or a size like 5GB, 500MB "
                    + "or 2GiB");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        double factor = switch (unit) {
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "KIB" -> 0x1p10;
            case "MIB" -> 0x1p20;
            case "GIB" -> 0x1p30;
            case "TIB" -> 0x1p40;
            default -> 1;
        };
        double bytes = value * factor;
        if (!(bytes >= 1) || bytes > Long.MAX_VALUE) {
            throw new IllegalArgumentException("max shard size '" + text + "' is not valid: expected at least 1 byte");
        }
        return (long) bytes;
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

    private static byte[] configBytes(String arg) throws IOException {
        if (SHIPPED.contains(arg)) {
            try (InputStream in = HfFolderWriter.class.getResourceAsStream("/hf-configs/" + arg + ".json")) {
                return in.readAllBytes();
            }
        }
        Path file = Path.of(arg);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config " + arg + " is neither a file nor a shipped config: shipped are " + SHIPPED);
        }
        return Files.readAllBytes(file);
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
