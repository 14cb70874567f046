package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code dirac_(tensor, groups)} against torch's own loop, transcribed from {@code torch/nn/init.py}
 * ({@code for g in range(groups): for d in range(min_dim): tensor[g * out_chans_per_grp + d, d,
 * k0 // 2, ...] = 1}), written here over multi-indices: shapes of rank 3, 4 and 5, more outputs than
 * inputs per group and fewer, odd and even kernel sizes, and slices that start mid-kernel.
 */
@ExtendWith(CpuBackendFixture.class)
class DiracTest {
    private final CpuBackend cpu;

    DiracTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    private static float[] torchLoop(long[] dims, int groups) {
        int n = 1;
        for (long d : dims) {
            n *= (int) d;
        }
        float[] expected = new float[n];
        int perGroup = (int) dims[0] / groups;
        int minDim = Math.min(perGroup, (int) dims[1]);
        for (int g = 0; g < groups; g++) {
            for (int d = 0; d < minDim; d++) {
                long[] at = new long[dims.length];
                at[0] = (long) g * perGroup + d;
                at[1] = d;
                for (int axis = 2; axis < dims.length; axis++) {
                    at[axis] = dims[axis] / 2;
                }
                long flat = 0;
                for (int axis = 0; axis < dims.length; axis++) {
                    flat = flat * dims[axis] + at[axis];
                }
                expected[(int) flat] = 1f;
            }
        }
        return expected;
    }

    @Test
    void theWholeTensorIsTorchsLoop() {
        long[][] shapes = {{4, 4, 3}, {6, 4, 3, 3}, {8, 2, 3}, {3, 5, 3, 3}, {2, 3, 2, 4, 5}, {4, 2, 2, 2}};
        int[] groups = {1, 2, 2, 1, 1, 2};
        for (int i = 0; i < shapes.length; i++) {
            Shape shape = Shape.of(shapes[i]);
            assertArrayEquals(torchLoop(shapes[i], groups[i]), new Dirac(groups[i]).generate(shape, cpu), shape + " groups " + groups[i]);
        }
    }

    @Test
    void aSliceIsThatPartOfTheWhole() {
        long[] dims = {6, 4, 3, 3};
        float[] whole = torchLoop(dims, 2);
        TensorSpec tensor = TensorSpec.of(Shape.of(dims), DType.FLOAT32);
        for (int start : new int[] {1, 40, 100, 200}) {
            int count = whole.length - start;
            ByteBuffer dst = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
            new Dirac(2).fill(tensor, start, dst, cpu);
            for (int j = 0; j < count; j++) {
                assertEquals(whole[start + j], dst.getFloat(4 * j), "element " + (start + j));
            }
        }
    }

    @Test
    void ranksThreeToFiveAndGroupsDividingTheOutputs() {
        assertEquals("dirac_: only tensors with 3, 4, or 5 dimensions are supported, not (2, 2)",
                assertThrows(IllegalArgumentException.class, () -> new Dirac().generate(Shape.of(2, 2), cpu)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dirac().generate(Shape.of(1, 1, 1, 1, 1, 1), cpu));
        assertEquals("dirac_: dim 0 of (6, 4, 3) must be divisible by groups 4",
                assertThrows(IllegalArgumentException.class, () -> new Dirac(4).generate(Shape.of(6, 4, 3), cpu)).getMessage());
    }
}
