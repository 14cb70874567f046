package dev.weightinit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.Initializers;
import dev.weightinit.torch.TorchInit;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test over every initializer of every dialect (the registries, so a new class is covered
 * the day it is registered): an unknown config key is refused by name; seeds at the edges of
 * their range (-2^63, 2^63 - 1, and the unsigned spellings 2^63 and 2^64 - 1) are taken as their
 * 64 bits and one past either end is refused; and a fill across the 2^20-element boundary in
 * pieces equals the whole tensor.
 */
class EveryInitializerTest {
    private static CpuBackend cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    /** A dialect's registry entry: its declaration and how that dialect reads a JSON config. */
    record Case(String dialect, Declaration<?> declaration, Function<String, Initializer> parse) {
        @Override
        public String toString() {
            return dialect + " " + declaration.className();
        }
    }

    static Stream<Arguments> everyInitializer() {
        List<Arguments> cases = new ArrayList<>();
        for (String className : Initializers.classNames()) {
            cases.add(Arguments.of(new Case("keras", Initializers.declaration(className), json -> Initializers.parse(json, null))));
        }
        for (Declaration<?> declaration : TorchInit.declarations()) {
            cases.add(Arguments.of(new Case("torch", declaration,
                    json -> TorchInit.deserialize((Map<?, ?>) Initializers.readJson(json)))));
        }
        assertTrue(cases.size() >= 16 + 12, "both registries were read: " + cases.size());
        return cases.stream();
    }

    /** The declaration's required parameters with a value each (0.5), plus {@code extra}, as JSON. */
    private static String json(Case c, String extra) {
        Map<String, String> config = new LinkedHashMap<>();
        for (Parameter p : c.declaration().parameters()) {
            if (p.required()) {
                config.put(p.name(), "0.5");
            }
        }
        StringBuilder text = new StringBuilder("{\"class_name\": \"").append(c.declaration().className()).append("\", \"config\": {");
        String separator = "";
        for (Map.Entry<String, String> e : config.entrySet()) {
            text.append(separator).append('"').append(e.getKey()).append("\": ").append(e.getValue());
            separator = ", ";
        }
        if (!extra.isEmpty()) {
            text.append(separator).append(extra);
        }
        return text.append("}}").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyInitializer")
    void anUnknownConfigKeyIsRefusedByName(Case c) {
        c.parse().apply(json(c, "")); // the base config is accepted
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.parse().apply(json(c, "\"no_such_key\": 1")));
        assertTrue(e.getMessage().contains("no_such_key"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyInitializer")
    void seedsAtTheEdgesOfTheRangeAreTheir64Bits(Case c) {
        if (!c.declaration().seeded()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.parse().apply(json(c, "\"seed\": 1")));
            assertTrue(e.getMessage().contains("seed"), "an unseeded initializer refuses a seed: " + e.getMessage());
            return;
        }
        Shape shape = shapeFor(c.declaration().className(), false);
        float[] minimum = values(c, "\"seed\": -9223372036854775808", shape);
        assertArrayEquals(minimum, values(c, "\"seed\": 9223372036854775808", shape), "2^63 is -2^63's 64 bits");
        float[] minusOne = values(c, "\"seed\": -1", shape);
        assertArrayEquals(minusOne, values(c, "\"seed\": 18446744073709551615", shape), "2^64 - 1 is -1's 64 bits");
        float[] maximum = values(c, "\"seed\": 9223372036854775807", shape);
        assertFalse(java.util.Arrays.equals(minimum, maximum), "-2^63 and 2^63 - 1 are different seeds");
        for (String outside : List.of("18446744073709551616", "-9223372036854775809")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.parse().apply(json(c, "\"seed\": " + outside)));
            assertTrue(e.getMessage().contains(outside) && e.getMessage().contains("seed"), e.getMessage());
        }
    }

    private static float[] values(Case c, String seed, Shape shape) {
        return c.parse().apply(json(c, seed)).generate(shape, cpu);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyInitializer")
    void piecesAcrossThe2To20BoundaryEqualTheWhole(Case c) {
        Shape shape = shapeFor(c.declaration().className(), true);
        long n = shape.elementCount();
        assertTrue(n > (1 << 20) + 8, "the tensor crosses 2^20 elements: " + shape);
        Initializer initializer = c.parse().apply(json(c, c.declaration().seeded() ? "\"seed\": 31" : ""));
        for (DType dtype : List.of(DType.FLOAT32, DType.BFLOAT16)) {
            TensorSpec tensor = TensorSpec.named("layers.3.weight", shape, dtype);
            ByteBuffer whole = ByteBuffer.allocate((int) n * dtype.bytes());
            initializer.fill(tensor, 0, whole, cpu);
            long[] cuts = {0, (1 << 20) - 3, (1 << 20) + 2, n};
            for (int i = 0; i + 1 < cuts.length; i++) {
                int from = (int) cuts[i];
                int count = (int) (cuts[i + 1] - cuts[i]);
                ByteBuffer piece = ByteBuffer.allocate(count * dtype.bytes());
                initializer.fill(tensor, from, piece, cpu);
                assertEquals(whole.slice(from * dtype.bytes(), count * dtype.bytes()), piece,
                        c + " " + dtype + " [" + from + ", +" + count + ")");
            }
        }
    }

    /** A shape each class takes; {@code large}: past 2^20 elements (QRs kept cheap by a thin matrix). */
    private static Shape shapeFor(String className, boolean large) {
        String name = className.toLowerCase(java.util.Locale.ROOT);
        if (name.contains("stft")) {
            return large ? Shape.of(1030, 1, 1024) : Shape.of(16, 1, 9);
        }
        if (name.contains("dirac")) {
            return large ? Shape.of(8, 8, 16400) : Shape.of(4, 4, 3);
        }
        if (name.contains("orthogonal")) {
            return large ? Shape.of(65600, 16) : Shape.of(12, 9);
        }
        return large ? Shape.of(1030, 1024) : Shape.of(37, 23);
    }
}
