package dev.weightinit.hf;

import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.io.Format;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.SafetensorsIndex;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.engine.StreamSpec;
import dev.weightinit.keras.Initializers;
import dev.weightinit.model.Provenance;
import dev.weightinit.torch.TorchtitanRules;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Hugging Face model folder written from a {@code config.json} holds, planned from the
 * config alone: the shards {@code model-0000K-of-0000N.safetensors} packed greedily in state_dict
 * order as huggingface_hub does (a tensor over the limit gets a shard of its own), or one
 * {@code model.safetensors}; the index as transformers writes it; and {@code config.json}'s bytes.
 *
 * <p>The plan is a pure function of the config bytes, the dtype, the seed and the largest shard:
 * planned again on another host it names the same shards, and a shard written anywhere from it has
 * the same bytes. That is what lets {@code --part K/N} and the Spark job write one folder from many
 * hosts. Immutable, thread-safe and {@link Serializable} (the tensors are planned again, lazily,
 * where it is deserialized).
 */
public final class HfFolderPlan implements Serializable {
    @Serial
    private static final long serialVersionUID = 3L;

    private final byte[] config;
    private final String configName;
    private final String dtypeName;
    private final long seed;
    private final long maxShardBytes;
    /** {@code hf} (the architecture table's initializers, transformers' {@code _init_weights}) or {@code torchtitan}. */
    private final String rules;
    private transient volatile Planned planned;
    /** The rule sets {@code --hf-config} takes. */
    public static final List<String> RULES = List.of("hf", "torchtitan");

    /** One shard: its file name, its tensors' jobs and header entries, and its tensor bytes. */
    public record Shard(String file, List<TensorWriter.Job> jobs, List<SafetensorsHeader.Entry> entries, long bytes) {
    }

    /** @param streamSpec the stream spec version of the whole folder, which every shard and the index record */
    private record Planned(String modelType, List<Shard> shards, long parameters, int tensors, int streamSpec) {
    }

    /**
     * @param config        the bytes of {@code config.json}
     * @param configName    the config as given (a path or a shipped name), for messages and the files' {@code source}
     * @param dtype         every tensor's dtype
     * @param seed          the model seed
     * @param maxShardBytes the largest shard's tensor bytes, at least 1
     * @throws IllegalArgumentException for a bad config, naming the field
     */
    public HfFolderPlan(byte[] config, String configName, DType dtype, long seed, long maxShardBytes) {
        this(config, configName, dtype, seed, maxShardBytes, "hf");
    }

    /**
     * The same with the initializers of a rule set: {@code hf} (transformers' own, from the
     * architecture table) or {@code torchtitan} ({@link TorchtitanRules}: torchtitan's Llama 3 init,
     * for Llama-named tensors only). A set other than {@code hf} is part of the run record.
     *
     * @throws IllegalArgumentException for another set, or a tensor the set does not know, naming it
     */
    public HfFolderPlan(byte[] config, String configName, DType dtype, long seed, long maxShardBytes, String rules) {
        if (!RULES.contains(rules)) {
            throw new IllegalArgumentException("--rules " + rules + " does not apply to --hf-config: expected one of " + RULES);
        }
        this.rules = rules;
        if (maxShardBytes < 1) {
            throw new IllegalArgumentException("max shard size " + maxShardBytes + " is not valid: expected at least 1 byte");
        }
        this.config = config.clone();
        this.configName = configName;
        this.dtypeName = dtype.specName();
        this.seed = seed;
        this.maxShardBytes = maxShardBytes;
        planned(); // a bad config is refused where it enters
    }

    private Planned planned() {
        Planned p = planned;
        if (p == null) {
            ConfigReader reader = ConfigReader.parse(config, configName);
            List<HfArchitectures.Tensor> tensors = HfArchitectures.tensors(reader);
            if (rules.equals("torchtitan")) {
                tensors = tensors.stream().map(t -> new HfArchitectures.Tensor(t.name(), t.shape(),
                        TorchtitanRules.choose(t.name(), t.shape()).initializer())).toList();
            }
            long parameters = 0;
            for (HfArchitectures.Tensor t : tensors) {
                parameters = exactSum(parameters, t.shape().elementCount(), "the parameter count");
            }
            p = new Planned(HfArchitectures.modelType(reader), pack(tensors, DType.parse(dtypeName), seed, maxShardBytes),
                    parameters, tensors.size(), Provenance.streamSpec(tensors.stream().map(HfArchitectures.Tensor::initializer).toList()));
            planned = p;
        }
        return p;
    }

    /** Greedy packing in state_dict order (huggingface_hub's split_torch_state_dict_into_shards). */
    static List<Shard> pack(List<HfArchitectures.Tensor> tensors, DType dtype, long seed, long maxShard) {
        List<List<HfArchitectures.Tensor>> groups = new ArrayList<>();
        List<HfArchitectures.Tensor> current = new ArrayList<>();
        long currentBytes = 0;
        for (HfArchitectures.Tensor t : tensors) {
            long size = t.shape().elementCount() > Long.MAX_VALUE / dtype.bytes() ? tooLarge(t.name() + " " + t.shape())
                    : t.shape().elementCount() * dtype.bytes();
            if (size > maxShard) {
                groups.add(List.of(t)); // a tensor over the limit gets a shard of its own
                continue;
            }
            if (size > maxShard - currentBytes && !current.isEmpty()) {
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
                jobs.add(new TensorWriter.Job(t.name(), spec, Initializers.withSeed(t.initializer(), seed)));
                entries.add(new SafetensorsHeader.Entry(t.name(), spec));
            }
            shards.add(new Shard(file, jobs, entries, SafetensorsHeader.dataBytes(entries)));
        }
        return shards;
    }

    private static long exactSum(long a, long b, String what) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " of the model passes 2^63 - 1");
        }
    }

    private static long tooLarge(String tensor) {
        throw new IllegalArgumentException("tensor " + tensor + " takes more than 2^63 - 1 bytes");
    }

    /** @return every shard, in file order */
    public List<Shard> shards() {
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
        long total = 0;
        for (Shard shard : planned().shards()) {
            total = exactSum(total, shard.bytes(), "the tensor bytes");
        }
        return total;
    }

    /** @return the number of tensors in every shard together */
    public int tensorCount() {
        return planned().tensors();
    }

    /** @return the model's parameter count */
    public long parameters() {
        return planned().parameters();
    }

    /** @return the config's model type ({@code llama}, {@code gpt2}, ...) */
    public String modelType() {
        return planned().modelType();
    }

    /** @return the model seed every tensor's stream derives from */
    public long seed() {
        return seed;
    }

    /** @return the bytes of {@code config.json}, as given */
    public byte[] config() {
        return config.clone();
    }

    /** @return {@code model.safetensors.index.json}'s bytes, or {@code null} for a one-shard folder (which has none) */
    public byte[] index() {
        return shardCount() == 1 ? null : index(shards(), parameters(), runRecord(), seed, planned().streamSpec());
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

    /**
     * The metadata of a shard: its provenance ({@link Provenance}: seed, stream spec, each tensor's
     * initializer) and the run record every shard and the index share: dtype, largest shard and the
     * config's SHA-256. Nothing about where it was written or what the config file is called.
     */
    public Map<String, String> metadata(Shard shard) {
        return Provenance.metadata(Map.of("format", "pt"), seed, planned().streamSpec(), runRecord(),
                shard.jobs().stream().map(TensorWriter.Job::initializer).toList());
    }

    /** The fields of the run record beside the seed and stream spec, in the order the files list them. */
    private Map<String, String> runRecord() {
        Map<String, String> record = new LinkedHashMap<>();
        record.put("dtype", dtypeName);
        record.put("max_shard_size", Long.toString(maxShardBytes));
        record.put("config_sha256", configDigest());
        if (!rules.equals("hf")) {
            record.put("rules", rules); // only where not the default: hf folders keep their bytes
        }
        return record;
    }

    /** The SHA-256 of the config's bytes, in hex. */
    public String configDigest() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(config));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The index as transformers writes it ({@link SafetensorsIndex}), its {@code metadata} holding the
     * run record beside {@code total_parameters} and {@code total_size}.
     */
    static byte[] index(List<Shard> shards, long parameters, Map<String, String> record, long seed, int streamSpec) {
        Map<String, String> map = new TreeMap<>();
        long total = 0;
        for (Shard shard : shards) {
            shard.entries().forEach(e -> map.put(e.name(), shard.file()));
            total = exactSum(total, shard.bytes(), "the tensor bytes");
        }
        Map<String, Object> metadata = new TreeMap<>(record);
        metadata.put("generator", Provenance.GENERATOR);
        metadata.put("seed", Long.toString(seed));
        metadata.put("stream_spec", Integer.toString(streamSpec));
        metadata.put("total_parameters", parameters);
        metadata.put("total_size", total);
        return SafetensorsIndex.of(metadata, map);
    }

    @Override
    public String toString() {
        return "HfFolderPlan[" + configName + ", " + shardCount() + " shards, " + dtypeName + ", seed " + seed + "]";
    }
}
