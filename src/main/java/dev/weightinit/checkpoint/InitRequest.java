package dev.weightinit.checkpoint;

import dev.weightinit.engine.DType;
import dev.weightinit.hf.HfConfigs;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * What one {@code init} run is asked to do, validated where it is made: the one record the command
 * line and the Spark job build (each with its own parser), so that defaults and checks exist once.
 * Immutable and {@link Serializable} (the Spark job ships it to its tasks).
 *
 * @param source        what defines the model
 * @param out           the output as given: a file, a folder, or (Spark) any Hadoop file system URI
 * @param seed          the model seed, or {@code null} for the model's own, else a drawn one ({@link ModelSeed})
 * @param dtype         the default dtype, or {@code null} for the model's (else float32)
 * @param maxShardBytes the largest shard of a Hugging Face folder, in bytes, at least 1
 * @param part          this run's part of a folder written by several runs, or {@code null} for all of it
 * @param overwrite     whether a folder that is not empty may be written ({@link OutputFolder})
 * @param rules         the {@code --like} rule set: a shipped name or a rules file
 * @param planOnly      whether to print the plan and write nothing
 * @param device        the device choice ({@code auto}, {@code cpu}, {@code opencl}, {@code opencl:P:D})
 * @param chunkMib      MiB per streamed chunk, 1 to 1024
 * @param given         the options given explicitly ({@code --max-shard-size}, {@code --rules}, ...), so that one that does
 *                      not apply to the output is refused ({@link #checkApplies}) rather than ignored
 */
public record InitRequest(Source source, String out, Long seed, DType dtype, long maxShardBytes, Part part, boolean overwrite,
                          String rules, boolean planOnly, String device, int chunkMib, java.util.Set<String> given)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** {@code --device}'s default. */
    public static final String DEFAULT_DEVICE = "auto";
    /** {@code --max-shard-size}'s default, as huggingface_hub's {@code save_torch_state_dict}. */
    public static final String DEFAULT_MAX_SHARD_SIZE = "5GB";
    /** {@code --rules}'s default. */
    public static final String DEFAULT_RULES = "hf";
    /** {@code --chunk-mib}'s default: three chunks in flight stay in the processor's cache. */
    public static final int DEFAULT_CHUNK_MIB = 8;

    /** What defines the model. */
    public enum Kind {
        /** A built-in model by name ({@code model.Presets}), or a shipped Hugging Face config. */
        PRESET,
        /** A model spec file. */
        SPEC,
        /** An existing checkpoint's layout: a .safetensors file, a Hugging Face folder, or a layout file. */
        LIKE,
        /** A Hugging Face {@code config.json}, or a shipped one by name. */
        HF_CONFIG
    }

    /** The model's source: its kind and the name or path as given. */
    public record Source(Kind kind, String value) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        public Source {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }

        /**
         * The config of a run that writes a Hugging Face folder from a config: {@code --hf-config}'s
         * value, or a preset that is a shipped config; {@code null} for any other source.
         */
        public String hfConfig() {
            return kind == Kind.HF_CONFIG || kind == Kind.PRESET && HfConfigs.SHIPPED.contains(value) ? value : null;
        }

        @Override
        public String toString() {
            return "--" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " " + value;
        }
    }

    /**
     * @throws IllegalArgumentException naming the value that is out of range
     */
    public InitRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(device, "device");
        if (chunkMib < 1 || chunkMib > 1024) {
            throw new IllegalArgumentException("chunk size " + chunkMib + " MiB is not valid: expected 1 to 1024");
        }
        if (maxShardBytes < 1) {
            throw new IllegalArgumentException("max shard size " + maxShardBytes + " is not valid: expected at least 1 byte");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--out is empty: expected a file or folder path");
        }
        if (part != null && seed == null) {
            throw new IllegalArgumentException("--part " + part + " without --seed: every part must draw the same model: give --seed");
        }
        given = java.util.Set.copyOf(given);
    }

    /** A request whose options were all given or all defaults alike (no option is checked for applying). */
    public InitRequest(Source source, String out, Long seed, DType dtype, long maxShardBytes, Part part, boolean overwrite, String rules,
                       boolean planOnly, String device, int chunkMib) {
        this(source, out, seed, dtype, maxShardBytes, part, overwrite, rules, planOnly, device, chunkMib, java.util.Set.of());
    }

    /**
     * Refuses the options that do not apply to this run's input and output, before anything is
     * written: {@code --part}, {@code --max-shard-size} and {@code --overwrite} where one file is
     * written; {@code --rules} without {@code --like} or {@code --hf-config} (whose plan refuses
     * rules other than {@code hf} and {@code torchtitan}); {@code --dtype}, {@code --part} and
     * {@code --max-shard-size} with {@code --like} (it keeps the source's dtypes and files).
     *
     * @param folder whether the run writes a folder
     * @throws IllegalArgumentException naming the option and why
     */
    public void checkApplies(boolean folder) {
        boolean like = source.kind() == Kind.LIKE;
        String what = like ? "--like" + (folder ? " of a folder" : " of a file") : source.toString();
        if (given.contains("--rules") && !like && source.hfConfig() == null) {
            throw doesNotApply("--rules", what, "rules choose initializers for --like and --hf-config");
        }
        if (like && dtype != null) {
            throw doesNotApply("--dtype", what, "it keeps each tensor's dtype (a rules file can set one)");
        }
        if (part != null && (like || !folder)) {
            throw doesNotApply("--part", what, like ? "parts are for --hf-config" : "it writes one file");
        }
        if (given.contains("--max-shard-size") && (like || !folder)) {
            throw doesNotApply("--max-shard-size", what, like ? "it keeps the source's files" : "it writes one file");
        }
        if (overwrite && !folder) {
            throw doesNotApply("--overwrite", what, "it writes one file, replaced whole");
        }
    }

    private static IllegalArgumentException doesNotApply(String option, String what, String why) {
        return new IllegalArgumentException(option + " does not apply to " + what + ": " + why);
    }

    /** The chunk size in bytes. */
    public int chunkBytes() {
        return chunkMib << 20;
    }
}
