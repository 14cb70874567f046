package dev.weightinit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.model.HfArchitectures;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * What {@code init --hf-config} writes into a Hugging Face model folder, planned from the config
 * alone: the shards {@code model-0000K-of-0000N.safetensors} packed greedily in state_dict order as
 * huggingface_hub does (a tensor over the limit gets a shard of its own), or one
 * {@code model.safetensors}; the index as transformers writes it; and {@code config.json}'s bytes.
 *
 * <p>The plan is a pure function of the config bytes, the options and the seed (drawn once, when
 * the arguments give none): planned again on another host it names the same shards, and a shard
 * written anywhere has the same bytes ({@link #writeShard}). That is what lets {@code --part K/N}
 * and the Spark job write one folder from many hosts. Immutable, thread-safe and
 * {@link Serializable} (the tensors are planned again, lazily, where it is deserialized).
 */
public final class HfFolderPlan implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The configs shipped with the tool, by name. */
    public static final List<String> SHIPPED = List.of("gpt2", "llama-2-7b", "llama-3.1-8b", "mistral-7b", "mixtral-8x7b",
            "qwen2-7b");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] config;
    private final String configName;
    private final String dtypeName;
    private final long seed;
    private final boolean seedDrawn;
    private final long maxShardBytes;
    private final String device;
    private final int chunkMib;
    private final String out;
    private final boolean overwrite;
    private final boolean planOnly;
    private transient volatile Planned planned;

    /** One shard: its file name and tensors. */
    record Shard(String file, List<TensorWriter.Job> jobs, List<SafetensorsHeader.Entry> entries, long bytes) {
    }

    private record Planned(String modelType, List<Shard> shards, long parameters, int tensors) {
    }

    private HfFolderPlan(byte[] config, String configName, DType dtype, long seed, boolean seedDrawn, long maxShardBytes,
            String device, int chunkMib, String out, boolean overwrite, boolean planOnly) {
        this.config = config;
        this.configName = configName;
        this.dtypeName = dtype.specName();
        this.seed = seed;
        this.seedDrawn = seedDrawn;
        this.maxShardBytes = maxShardBytes;
        this.device = device;
        this.chunkMib = chunkMib;
        this.out = out;
        this.overwrite = overwrite;
        this.planOnly = planOnly;
        planned(); // a bad config is refused where it enters
    }

    /**
     * The plan of an {@code init} command line (the arguments after {@code init}), parsed exactly as
     * the CLI parses them: {@code --hf-config CONFIG.json|NAME} or {@code --preset NAME} of a shipped
     * config, with {@code --seed}, {@code --dtype}, {@code --max-shard-size}, {@code --device} and
     * {@code --chunk-mib} as {@code init} takes them.
     *
     * @throws IllegalArgumentException naming the bad argument and what is allowed: not a
     *                                  Hugging Face folder ({@code --spec}, {@code --like}, a
     *                                  single-file preset), {@code --part} (the caller splits the
     *                                  work), or any value {@code init} refuses
     */
    public static HfFolderPlan parse(List<String> initArguments) throws IOException {
        InitCommand options = new InitCommand();
        CommandLine commandLine = new CommandLine(options);
        commandLine.setExpandAtFiles(false);
        CommandLine.ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(initArguments.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String configArg = options.source.hfConfig != null ? options.source.hfConfig
                : options.source.preset != null && SHIPPED.contains(options.source.preset) ? options.source.preset : null;
        if (configArg == null) {
            throw new IllegalArgumentException("this writes Hugging Face folders: expected --hf-config CONFIG.json|NAME or --preset "
                    + "with a shipped config " + SHIPPED + ", not " + (options.source.spec != null ? "--spec"
                    : options.source.like != null ? "--like" : "--preset " + options.source.preset));
        }
        if (options.part != null) {
            throw new IllegalArgumentException("--part " + options.part + " is not valid here: the job splits the shards itself");
        }
        // --out as typed: a Hadoop URI (hdfs://host/dir) is not a local path.
        return of(options, configArg, parsed.matchedOption("--out").stringValues().get(0));
    }

    /** The plan of {@code init}'s options for {@code configArg} (a path or a shipped name). */
    static HfFolderPlan of(InitCommand options, String configArg, String out) throws IOException {
        if (options.chunkMib < 1 || options.chunkMib > 1024) {
            throw new IllegalArgumentException("chunk size " + options.chunkMib + " MiB is not valid: expected 1 to 1024");
        }
        byte[] config = configBytes(configArg);
        JsonNode json = readConfig(config, configArg);
        long maxShard = parseSize(options.maxShardSize);
        DType dtype = options.dtype != null ? CommonOptions.dtype(options.dtype)
                : HfArchitectures.dtype(json) != null ? HfArchitectures.dtype(json) : DType.FLOAT32;
        boolean drawn = options.common.seed == null;
        long seed = drawn ? new SecureRandom().nextLong() : options.common.seed;
        return new HfFolderPlan(config, configArg, dtype, seed, drawn, maxShard, options.common.device, options.chunkMib,
                out, options.overwrite, options.plan);
    }

    private Planned planned() {
        Planned p = planned;
        if (p == null) {
            JsonNode json;
            try {
                json = readConfig(config, configName);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            List<HfArchitectures.Tensor> tensors = HfArchitectures.tensors(json, configName);
            long parameters = tensors.stream().mapToLong(t -> t.shape().elementCount()).sum();
            p = new Planned(HfArchitectures.modelType(json, configName), plan(tensors, DType.parse(dtypeName), seed, maxShardBytes),
                    parameters, tensors.size());
            planned = p;
        }
        return p;
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

    List<Shard> shards() {
        return planned().shards();
    }

    /** @return the number of shard files, at least 1 */
    public int shardCount() {
        return planned().shards().size();
    }

    /** @param index {@code 0 <= index < shardCount()} @return the shard's file name in the folder */
    public String shardFile(int index) {
        return planned().shards().get(index).file();
    }

    /** @param index {@code 0 <= index < shardCount()} @return the shard's tensor bytes (its header excluded) */
    public long shardBytes(int index) {
        return planned().shards().get(index).bytes();
    }

    /** @return the tensor bytes of every shard together */
    public long totalBytes() {
        return planned().shards().stream().mapToLong(Shard::bytes).sum();
    }

    /** @return the model's parameter count */
    public long parameters() {
        return planned().parameters();
    }

    /** @return the model seed every tensor's stream derives from */
    public long seed() {
        return seed;
    }

    /** @return whether the seed was drawn (the arguments gave none): the user needs it printed */
    public boolean seedDrawn() {
        return seedDrawn;
    }

    /** @return {@code --out} as given: a folder, or any URI a Hadoop file system takes */
    public String out() {
        return out;
    }

    /** @return whether {@code --overwrite} lets the output folder be written though it is not empty */
    public boolean overwrite() {
        return overwrite;
    }

    /** @return whether {@code --plan} asks for the plan only ({@link #describe}), nothing written */
    public boolean planOnly() {
        return planOnly;
    }

    /** @return the bytes of {@code config.json}, as given */
    public byte[] config() {
        return config.clone();
    }

    /** @return {@code model.safetensors.index.json}'s bytes, or {@code null} for a one-shard folder (which has none) */
    public byte[] index() {
        return shardCount() == 1 ? null : index(shards(), parameters()).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the lines {@code init --plan} prints: one per shard, then the totals */
    public List<String> describe() {
        Planned p = planned();
        List<String> lines = new ArrayList<>();
        for (Shard shard : p.shards()) {
            lines.add(String.format(Locale.ROOT, "%s: %d tensors, %s", shard.file(), shard.jobs().size(), Format.bytes(shard.bytes())));
        }
        lines.add(String.format(Locale.ROOT, "plan: %s %d tensors, %d parameters, %s in %d shard%s of at most %s, %s", p.modelType(),
                p.tensors(), p.parameters(), Format.bytes(totalBytes()), p.shards().size(), p.shards().size() == 1 ? "" : "s",
                Format.bytes(maxShardBytes), dtypeName));
        return lines;
    }

    /** The metadata every shard records, before its device is known. */
    Map<String, String> metadata() {
        return SafetensorsFile.metadata(Map.of("format", "pt"), seed, "hf-config " + Path.of(configName).getFileName());
    }

    /**
     * Writes shard {@code index} whole into {@code channel} from position 0 (header, then values),
     * on a backend opened for this call by the plan's {@code --device} (a GPU where the host has
     * one): the same bytes on every host and device that reproduces the stream spec. The channel is
     * neither forced nor closed.
     *
     * @param warnings receives the backend's warnings (a device that was asked for and is missing)
     * @return the bytes written
     */
    public long writeShard(int index, FileChannel channel, Consumer<String> warnings) throws IOException {
        Shard shard = shards().get(index);
        try (Backend backend = Devices.open(device, OpenClOptions.defaults(), warnings)) {
            SafetensorsFile.write(channel, shard.entries(), metadata(), shard.jobs(), backend, chunkMib, (b, d, j) -> { });
        }
        return channel.position();
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

    private static byte[] configBytes(String arg) throws IOException {
        if (SHIPPED.contains(arg)) {
            try (InputStream in = HfFolderPlan.class.getResourceAsStream("/hf-configs/" + arg + ".json")) {
                return in.readAllBytes();
            }
        }
        Path file = Path.of(arg);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config " + arg + " is neither a file nor a shipped config: shipped are " + SHIPPED);
        }
        return Files.readAllBytes(file);
    }

    private static JsonNode readConfig(byte[] bytes, String configArg) throws IOException {
        JsonNode config;
        try {
            config = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + configArg + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("config " + configArg + " is not a JSON object");
        }
        return config;
    }

    @Override
    public String toString() {
        return "HfFolderPlan[" + configName + ", " + shardCount() + " shards, " + dtypeName + ", seed " + seed + "]";
    }
}
