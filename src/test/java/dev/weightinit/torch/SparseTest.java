package dev.weightinit.torch;

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

/** {@link Sparse}: the mask against the stream spec's NumPy reference. */
@ExtendWith(CpuBackendFixture.class)
class SparseTest {
    private final CpuBackend cpu;

    SparseTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    /** Stream spec §5: in column j the ceil(sparsity·rows) rows of smallest mask word are 0; the reference is NumPy's. */
    @Test
    void sparseZeroesTheRowsTheStreamSpecNames() throws Exception {
        int rows = 9;
        int cols = 7;
        String code = "import sys, math; sys.path.insert(0, 'kernels'); import numpy as np; import stream_reference as r; "
                + "rows, cols = " + rows + ", " + cols + "; stream = r.stream_of('layer.weight'); "
                + "z = np.frombuffer(r.tensor_bytes(21, stream, 'normal', 0.0, 0.5, 'float32', 0, rows * cols), '<f4').reshape(rows, cols).copy(); "
                + "w = np.frombuffer(r.tensor_bytes(21, stream ^ 0x9E3779B97F4A7C15, 'raw', 0, 0, 'uint32', 0, rows * cols), '<u4')"
                + ".reshape(rows, cols); "
                + "k = math.ceil(0.4 * rows)\n"
                + "for j in range(cols):\n"
                + "    for rr in sorted(range(rows), key=lambda q: (int(w[q, j]), q))[:k]: z[rr, j] = 0\n"
                + "sys.stdout.write(z.astype('<f4').tobytes().hex())";
        String expected = dev.weightinit.Python.run("-c", code).strip();
        ByteBuffer bytes = ByteBuffer.allocate(4 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
        new Sparse(0.4, 0.5, 21).fill(TensorSpec.named("layer.weight", Shape.of(rows, cols), DType.FLOAT32), 0, bytes, cpu);
        assertEquals(expected, java.util.HexFormat.of().formatHex(bytes.array()));
        float[] values = new Sparse(0.4, 0.5, 21).generate(Shape.of(rows, cols), cpu);
        int zeros = 0;
        for (float v : values) {
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(4 * cols, zeros, "ceil(0.4 * 9) = 4 per column");
        assertEquals("sparse_ shape (16384, 8193) has more than 2^27 elements: its mask is made on the host",
                message(() -> new Sparse(0.1, 0.01, 1).generate(Shape.of(16384, 8193), cpu)));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
