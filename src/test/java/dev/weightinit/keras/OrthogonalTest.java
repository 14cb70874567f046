package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Orthogonal}: its spread and the slow-work notice, worked out here. */
@ExtendWith(CpuBackendFixture.class)
class OrthogonalTest {
    private final CpuBackend cpu;

    OrthogonalTest(CpuBackend cpu) {
        this.cpu = cpu;
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
}
