package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code eye_}: ones on the main diagonal of a 2-D tensor of any aspect, from a row-and-column loop written here. */
@ExtendWith(CpuBackendFixture.class)
class EyeTest {
    private final CpuBackend cpu;

    EyeTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    private static float[] identity(int rows, int cols) {
        float[] expected = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                expected[r * cols + c] = r == c ? 1f : 0f;
            }
        }
        return expected;
    }

    @Test
    void onesOnTheDiagonalOfWideTallAndSquareMatrices() {
        assertArrayEquals(identity(3, 5), new Eye().generate(Shape.of(3, 5), cpu));
        assertArrayEquals(identity(5, 3), new Eye().generate(Shape.of(5, 3), cpu));
        assertArrayEquals(identity(4, 4), new Eye().generate(Shape.of(4, 4), cpu));
        assertArrayEquals(identity(1, 7), new Eye().generate(Shape.of(1, 7), cpu));
    }

    @Test
    void onlyTwoDimensionalTensors() {
        assertEquals("eye_: only tensors with 2 dimensions are supported, not (2, 2, 2)",
                assertThrows(IllegalArgumentException.class, () -> new Eye().generate(Shape.of(2, 2, 2), cpu)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Eye().generate(Shape.of(4), cpu));
    }
}
