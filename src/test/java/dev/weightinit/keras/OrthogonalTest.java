package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Orthogonal}: its spread and the slow-work notice, worked out here. */
@ExtendWith(CpuBackendFixture.class)
class OrthogonalTest {
    private final CpuBackend cpu;

    OrthogonalTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    private static void assertWindow(String name, int length, boolean periodic, double... expected) {
        double[] actual = Windows.get(name, length, periodic);
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-15, name + "(" + length + ", periodic " + periodic + ")[" + i + "]");
        }
    }

    /** Orthonormal rows or columns of a (rows, cols) matrix, Keras' flattening (cols the last dimension): RMS gain / sqrt(max). */
    @Test
    void orthogonalSpreadAndSlowWork() {
        assertTrue(new Orthogonal(2.0, 1).expectedStddev(Shape.of(5)).isEmpty());
        assertTrue(new Orthogonal(2.0, 1).expectedStddev(Shape.of()).isEmpty());
        assertEquals(2.0 / Math.sqrt(4), new Orthogonal(-2.0, 1).expectedStddev(Shape.of(3, 4)).getAsDouble(), 1e-15);
        assertEquals(2.0 / Math.sqrt(6), new Orthogonal(2.0, 1).expectedStddev(Shape.of(2, 3, 4)).getAsDouble(), 1e-15);
        assertEquals(2.0, new Orthogonal(2.0, 1).expectedStddev(Shape.of(0, 0)).getAsDouble(), "an empty matrix: max(1, 0)");
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(4096)).isEmpty());
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of()).isEmpty());
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(64, 64)).isEmpty());
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(2, 1024, 2048)).orElseThrow().contains("2048 x 2048"), "rows 2 * 1024");
    }

    private static Map<String, Object> withModule(Map<String, Object> serialized) {
        Map<String, Object> copy = new HashMap<>(serialized);
        copy.put("module", "keras.initializers");
        return copy;
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
