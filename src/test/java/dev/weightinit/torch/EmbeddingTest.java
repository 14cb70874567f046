package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Embedding}: {@code padding_idx} at both ends zeroes its row; torch's normal elsewhere. */
@ExtendWith(CpuBackendFixture.class)
class EmbeddingTest {
    private final CpuBackend cpu;

    EmbeddingTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void embeddingZeroesThePaddingRowFromEitherEndAndIsTorchsNormalElsewhere() {
        Shape shape = Shape.of(5, 6);
        float[] normal = new Normal(0, 1, 11).generate(shape, cpu);
        assertEquals(1.0, new Embedding(null, 11L).expectedStddev(shape).getAsDouble());
        assertArrayEquals(normal, new Embedding(null, 11L).generate(shape, cpu), "no padding_idx: N(0, 1)");
        for (long padding : new long[] {0, 2, 3, 4, -1, -5}) { // 3: the row right after the piece below
            long row = padding < 0 ? padding + 5 : padding;
            float[] values = new Embedding(padding, 11L).generate(shape, cpu);
            for (int i = 0; i < values.length; i++) {
                assertEquals(i / 6 == row ? 0.0f : normal[i], values[i], "padding_idx " + padding + ", element " + i);
            }
            // A piece that starts inside a row: the same values at the same places.
            ByteBuffer piece = ByteBuffer.allocate(4 * 13).order(ByteOrder.LITTLE_ENDIAN);
            new Embedding(padding, 11L).fill(TensorSpec.of(shape, DType.FLOAT32), 9, piece, cpu);
            float[] pieceValues = new float[13];
            piece.asFloatBuffer().get(pieceValues);
            assertArrayEquals(java.util.Arrays.copyOfRange(values, 9, 22), pieceValues, "padding_idx " + padding + ", elements 9..21");
        }
        assertEquals("torch.nn.Embedding padding_idx 5 must be within num_embeddings 5 (from -5)",
                message(() -> new Embedding(5L, 1L).generate(shape, cpu)));
        assertEquals("torch.nn.Embedding padding_idx -6 must be within num_embeddings 5 (from -5)",
                message(() -> new Embedding(-6L, 1L).generate(shape, cpu)));
        assertEquals("torch.nn.Embedding weights are (num_embeddings, embedding_dim), not (2, 3, 4)",
                message(() -> new Embedding(null, 1L).generate(Shape.of(2, 3, 4), cpu)));
        assertTrue(message(() -> new Embedding(null, 1L).generate(Shape.of(6), cpu)).startsWith(
                "torch.nn.Embedding weights are (num_embeddings, embedding_dim), not "));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
