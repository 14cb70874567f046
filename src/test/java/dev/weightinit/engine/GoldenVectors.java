package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The golden vectors of stream spec v1 ({@code kernels/golden-v1.json}) and of what v2 adds
 * ({@code kernels/golden-v2.json}: the bounded normal), made by the independent NumPy
 * implementation {@code kernels/stream_reference.py}: expected SHA-256 digests of the bytes of
 * tensor slices. Nothing here computes an expected value; each test computes actual bytes on its
 * code path and compares digests.
 */
public final class GoldenVectors {
    /** The file, relative to the project root (where Maven runs the tests). */
    public static final Path FILE = Path.of("kernels", "golden-v1.json");
    /** What version 2 adds. */
    public static final Path FILE_V2 = Path.of("kernels", "golden-v2.json");

    private static final JsonNode ROOT = read(FILE);
    private static final JsonNode ROOT_V2 = read(FILE_V2);

    private GoldenVectors() {
    }

    /**
     * An engine case: the bytes of elements {@code [start, start + count)} of {@code spec}'s tensor.
     */
    public record EngineCase(FillSpec spec, long start, int count, String sha256, String first) {
        @Override
        public String toString() {
            return spec.distribution().specName() + " " + spec.dtype().specName() + " seed " + spec.seed() + " stream "
                    + Long.toUnsignedString(spec.stream(), 16) + " [" + start + ", +" + count + ")";
        }
    }

    /**
     * A Keras initializer case: {@code className} with {@code config} and {@code seed} on a tensor of
     * {@code shape} named {@code name} (stream 0 when {@code null}), elements {@code [start, start + count)}.
     */
    public record InitializerCase(String className, Map<String, Object> config, long seed, long[] shape, String name,
                                  DType dtype, long start, int count, String sha256) {
        /** The config with the case's seed, for the dialect's {@code fromConfig}. */
        public Map<String, Object> seededConfig() {
            Map<String, Object> seeded = new java.util.LinkedHashMap<>(config);
            seeded.put("seed", seed);
            return seeded;
        }

        /**
         * Fills the case's slice with {@code initializer} (made from {@link #seededConfig()}) on
         * {@code backend}, on the named tensor (stream 0 without a name), and asserts its digest.
         */
        public void assertFill(dev.weightinit.core.Initializer initializer, dev.weightinit.backend.Backend backend) {
            dev.weightinit.core.Shape tensorShape = dev.weightinit.core.Shape.of(shape);
            dev.weightinit.core.TensorSpec tensor = name == null ? dev.weightinit.core.TensorSpec.of(tensorShape, dtype)
                    : dev.weightinit.core.TensorSpec.named(name, tensorShape, dtype);
            ByteBuffer bytes = buffer(dtype, count);
            initializer.fill(tensor, start, bytes, backend);
            assertDigest(sha256, bytes, backend.id() + ": " + this);
        }

        @Override
        public String toString() {
            return className + config + " " + java.util.Arrays.toString(shape) + " " + dtype.specName() + " seed " + seed
                    + (name == null ? "" : " name " + name);
        }
    }

    /** The newest version the golden files pin (the v2 file's). */
    public static int specVersion() {
        return Math.max(ROOT.get("spec_version").asInt(), ROOT_V2.get("spec_version").asInt());
    }

    /** The engine cases of both files: version 1's, then the bounded normal's. */
    public static List<EngineCase> engineCases() {
        List<EngineCase> cases = new ArrayList<>();
        for (JsonNode root : List.of(ROOT, ROOT_V2)) {
            for (JsonNode c : root.get("engine")) {
                String dist = c.get("distribution").asText();
                Distribution distribution = dist.equals("raw") ? Distribution.RAW_BITS : parseDistribution(dist);
                Truncation truncation = c.has("tp") ? new Truncation(floatOfBits(c.get("tp").asText()), floatOfBits(c.get("tr").asText()),
                        floatOfBits(c.get("tw").asText()), floatOfBits(c.get("lo").asText()), floatOfBits(c.get("hi").asText())) : null;
                FillSpec spec = new FillSpec(c.get("seed").asLong(), new BigInteger(c.get("stream").asText().substring(2), 16).longValue(),
                        distribution, floatOfBits(c.get("a").asText()), floatOfBits(c.get("b").asText()),
                        DType.parse(c.get("dtype").asText()), truncation);
                cases.add(new EngineCase(spec, c.get("start").asLong(), c.get("count").asInt(), c.get("sha256").asText(),
                        c.get("first").asText()));
            }
        }
        return cases;
    }

    /** Version 2's torch {@code trunc_normal_} cases (the host constants from the config), as initializer cases. */
    public static List<InitializerCase> torchInitializerCases() {
        return initializerCases(ROOT_V2);
    }

    /** Version 1's Keras initializer cases. */
    public static List<InitializerCase> initializerCases() {
        return initializerCases(ROOT);
    }

    @SuppressWarnings("unchecked")
    private static List<InitializerCase> initializerCases(JsonNode root) {
        ObjectMapper mapper = new ObjectMapper();
        List<InitializerCase> cases = new ArrayList<>();
        for (JsonNode c : root.get("initializers")) {
            long[] shape = new long[c.get("shape").size()];
            long total = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = c.get("shape").get(i).asLong();
                total *= shape[i];
            }
            Map<String, Object> config = c.has("config") ? mapper.convertValue(c.get("config"), Map.class) : Map.of();
            long start = c.has("start") ? c.get("start").asLong() : 0;
            int count = c.has("count") ? c.get("count").asInt() : (int) total;
            cases.add(new InitializerCase(c.get("class_name").asText(), config, c.get("seed").asLong(), shape,
                    c.has("name") ? c.get("name").asText() : null, DType.parse(c.get("dtype").asText()), start, count,
                    c.get("sha256").asText()));
        }
        return cases;
    }

    /** A little-endian buffer for {@code count} elements of {@code dtype}. */
    public static ByteBuffer buffer(DType dtype, int count) {
        return ByteBuffer.allocateDirect(count * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills the case's bytes with {@code fill(start, buffer)} and asserts their digest. */
    public static void assertCase(EngineCase golden, String where, BiConsumer<Long, ByteBuffer> fill) {
        ByteBuffer bytes = buffer(golden.spec().dtype(), golden.count());
        fill.accept(golden.start(), bytes);
        assertDigest(golden.sha256(), bytes, where + ": " + golden + " (golden first elements " + golden.first() + ")");
    }

    /** Asserts the SHA-256 of {@code bytes}' remaining content. */
    public static void assertDigest(String expectedSha256, ByteBuffer bytes, String message) {
        assertEquals(expectedSha256, sha256(bytes), message);
    }

    public static String sha256(ByteBuffer bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes.duplicate());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Distribution parseDistribution(String name) {
        for (Distribution distribution : Distribution.values()) {
            if (distribution.specName().equals(name)) {
                return distribution;
            }
        }
        fail("golden file names an unknown distribution " + name);
        return null;
    }

    private static float floatOfBits(String hex) {
        return Float.intBitsToFloat(Integer.parseUnsignedInt(hex.substring(2), 16));
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }
}
