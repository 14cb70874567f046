package dev.weightinit.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.StreamSpec;
import dev.weightinit.io.AtomicOutputFile;
import dev.weightinit.io.JsonFiles;
import dev.weightinit.model.InitializerTable;
import dev.weightinit.model.Provenance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a {@code .npy} file that {@code generate} writes, in a sidecar {@code FILE.npy.json}
 * (NumPy refuses extra keys in a {@code .npy} header): generator, stream spec, the tensor's shape,
 * dtype and stream, the slice written, and the initializer in its dialect's serialized form, with
 * its seed. Nothing about where it ran. Immutable.
 *
 * @param tensor      the whole tensor the file is a slice of
 * @param initializer what made its values
 * @param offset      the slice's first element
 * @param count       the slice's elements
 */
public record NpyRecord(TensorSpec tensor, Initializer initializer, long offset, long count) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Whether the file holds the whole tensor in its shape, not a flat slice. */
    public boolean whole() {
        return offset == 0 && count == tensor.elementCount();
    }

    /** The sidecar of {@code npy}: {@code npy} with {@code .json} appended. */
    public static Path sidecar(Path npy) {
        return npy.resolveSibling(npy.getFileName() + ".json");
    }

    /** Writes this record beside {@code npy}, atomically. */
    public void write(Path npy) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generator", Provenance.GENERATOR);
        json.put("stream_spec", initializer.streamSpecVersion());
        json.put("shape", tensor.shape().dims());
        json.put("dtype", tensor.dtype().specName());
        json.put("stream", Long.toUnsignedString(tensor.stream()));
        json.put("offset", offset);
        json.put("count", count);
        json.put("initializer", InitializerTable.serialize(initializer));
        AtomicOutputFile.write(sidecar(npy), (JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The record of {@code npy}, from its sidecar.
     *
     * @throws Provenance.NotWeightinitException when there is no sidecar, or it is not weightinit's
     * @throws IllegalArgumentException          when the sidecar is malformed, naming the field
     */
    public static NpyRecord read(Path npy) {
        Path sidecar = sidecar(npy);
        if (!Files.isRegularFile(sidecar)) {
            throw new Provenance.NotWeightinitException(npy + " is not written by weightinit: it has no record " + sidecar
                    + " (generate writes one)");
        }
        JsonNode root = JsonFiles.read(sidecar, "record", JSON, JsonNode.class);
        if (!Provenance.GENERATOR.equals(root.path("generator").asText()) || !root.path("initializer").isObject()) {
            throw new Provenance.NotWeightinitException(sidecar + " is not a weightinit record");
        }
        if (!root.path("stream_spec").canConvertToExactIntegral() || root.path("stream_spec").asLong() < 1
                || root.path("stream_spec").asLong() > StreamSpec.VERSION) {
            throw new IllegalArgumentException(sidecar + ": stream_spec " + root.path("stream_spec") + " is not one this weightinit knows "
                    + "(1 to " + StreamSpec.VERSION + ")");
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode dim : root.path("shape")) {
            if (!dim.canConvertToExactIntegral() || dim.asLong() < 0) {
                throw new IllegalArgumentException(sidecar + ": shape " + root.path("shape") + " is not a list of sizes");
            }
            dims.add(dim.asLong());
        }
        Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
        DType dtype = DType.parseOutput(root.path("dtype").asText());
        long stream;
        try {
            stream = Long.parseUnsignedLong(root.path("stream").asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(sidecar + ": stream " + root.path("stream") + " is not an unsigned 64-bit integer");
        }
        long offset = exact(root, "offset", sidecar);
        long count = exact(root, "count", sidecar);
        if (offset > shape.elementCount() || count > shape.elementCount() - offset) {
            throw new IllegalArgumentException(sidecar + ": elements [" + offset + ", " + offset + " + " + count + ") are outside " + shape);
        }
        Map<?, ?> config = JSON.convertValue(root.get("initializer"), Map.class);
        Initializer initializer;
        try {
            initializer = InitializerTable.deserialize(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(sidecar + ": initializer: " + e.getMessage(), e);
        }
        return new NpyRecord(new TensorSpec(shape, dtype, stream), initializer, offset, count);
    }

    private static long exact(JsonNode root, String field, Path sidecar) {
        JsonNode node = root.path(field);
        if (!node.canConvertToExactIntegral() || node.asLong() < 0) {
            throw new IllegalArgumentException(sidecar + ": " + field + " " + node + " is not a count of elements");
        }
        return node.asLong();
    }
}
