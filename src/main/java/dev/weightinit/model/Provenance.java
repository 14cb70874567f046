package dev.weightinit.model;

import dev.weightinit.core.Initializer;
import dev.weightinit.engine.StreamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a file weightinit writes records about itself, in its {@code __metadata__}: everything that
 * defines its values and nothing about where or how it ran (no device, host, path, time or tool
 * version), so a file is a function of the model alone and says how to remake itself:
 * {@code generator} ({@value #GENERATOR}), {@code stream_spec} (the version of the newest section
 * its tensors use), {@code seed}, any model-level fields of the writer (a layout, a dtype, a shard
 * size, a config's digest), and the initializer table ({@link InitializerTable}). Thread-safe: stateless.
 */
public final class Provenance {
    /** The {@code generator} value of weightinit's files. */
    public static final String GENERATOR = "weightinit";
    /** Keys weightinit writes; a {@code --like} source's values of these are not carried over. */
    public static final Set<String> KEYS = Set.of("generator", "stream_spec", "seed", "initializers", "tensor_initializers",
            "device", "certified", "source");

    private Provenance() {
    }

    /**
     * The stream spec version of values drawn by {@code initializers}: the largest of their
     * {@link Initializer#streamSpecVersion()}s (1 when there are none), so files that use only
     * version 1's sections keep recording 1.
     */
    public static int streamSpec(java.util.Collection<? extends Initializer> initializers) {
        return initializers.stream().mapToInt(Initializer::streamSpecVersion).max().orElse(1);
    }

    /** A file's record, read back: the seed, the stream spec version and each tensor's initializer, in file order. */
    public record Record(long seed, int streamSpec, List<Initializer> initializers) {
    }

    /**
     * The metadata of a file: {@code leading} (kept first, in order), then {@code generator},
     * {@code stream_spec}, {@code seed}, {@code fields} in order, and the initializer table of
     * {@code perTensor} (one per tensor, in file order).
     */
    public static Map<String, String> metadata(Map<String, String> leading, long seed, Map<String, String> fields,
                                               List<Initializer> perTensor) {
        return metadata(leading, seed, streamSpec(perTensor), fields, perTensor);
    }

    /**
     * {@link #metadata(Map, long, Map, List)} with the {@code stream_spec} given: a folder's shards all
     * record the folder's version ({@link #streamSpec} over every tensor of the folder), not their own.
     */
    public static Map<String, String> metadata(Map<String, String> leading, long seed, int streamSpec, Map<String, String> fields,
                                               List<Initializer> perTensor) {
        Map<String, String> metadata = new LinkedHashMap<>();
        leading.forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                metadata.put(key, value);
            }
        });
        metadata.put("generator", GENERATOR);
        metadata.put("stream_spec", Integer.toString(streamSpec));
        metadata.put("seed", Long.toString(seed));
        metadata.putAll(fields);
        InitializerTable table = InitializerTable.of(perTensor);
        metadata.put("initializers", table.initializers());
        metadata.put("tensor_initializers", table.entries());
        return metadata;
    }

    /**
     * Reads the record of a file of {@code tensors} tensors.
     *
     * @param file the file, for messages
     * @throws NotWeightinitException   when the metadata carries no weightinit record
     * @throws IllegalArgumentException when the record is malformed, or of a stream spec newer than this tool's
     */
    public static Record read(Map<String, String> metadata, int tensors, String file) {
        if (!GENERATOR.equals(metadata.get("generator")) || metadata.get("initializers") == null
                || metadata.get("tensor_initializers") == null || metadata.get("seed") == null) {
            throw new NotWeightinitException(file + " is not written by weightinit: its metadata has no weightinit record "
                    + "(generator, seed, initializers, tensor_initializers)");
        }
        int version;
        long seed;
        try {
            version = Integer.parseInt(metadata.getOrDefault("stream_spec", ""));
            seed = Long.parseLong(metadata.get("seed"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": stream_spec '" + metadata.get("stream_spec") + "' and seed '"
                    + metadata.get("seed") + "' must be integers");
        }
        if (version < 1 || version > StreamSpec.VERSION) {
            throw new IllegalArgumentException(file + " uses stream spec v" + version + ": this weightinit knows v1 to v"
                    + StreamSpec.VERSION);
        }
        try {
            return new Record(seed, version, InitializerTable.read(metadata.get("initializers"), metadata.get("tensor_initializers"),
                    tensors));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A file that carries no weightinit record: not written by weightinit. */
    public static final class NotWeightinitException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public NotWeightinitException(String message) {
            super(message);
        }
    }
}
