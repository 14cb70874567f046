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
 */
public record InitRequest(Source source, String out, Long seed, DType dtype, long maxShardBytes, Part part, boolean overwrite,
                          String rules, boolean planOnly, String device, int chunkMib) implements Serializable {
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
    }

    /** A request with every option at its default. */
    public static InitRequest of(Source source, String out) {
        return new InitRequest(source, out, null, null, ByteSize.parse(DEFAULT_MAX_SHARD_SIZE), null, false, DEFAULT_RULES, false,
                DEFAULT_DEVICE, DEFAULT_CHUNK_MIB);
    }

    /** This request with another seed. */
    public InitRequest withSeed(Long newSeed) {
        return new InitRequest(source, out, newSeed, dtype, maxShardBytes, part, overwrite, rules, planOnly, device, chunkMib);
    }

    /** This request with another device choice. */
    public InitRequest withDevice(String newDevice) {
        return new InitRequest(source, out, seed, dtype, maxShardBytes, part, overwrite, rules, planOnly, newDevice, chunkMib);
    }

    /** This request with another largest shard. */
    public InitRequest withMaxShardBytes(long bytes) {
        return new InitRequest(source, out, seed, dtype, bytes, part, overwrite, rules, planOnly, device, chunkMib);
    }

    /** The chunk size in bytes. */
    public int chunkBytes() {
        return chunkMib << 20;
    }
}
