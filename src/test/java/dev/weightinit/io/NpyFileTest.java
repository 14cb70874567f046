package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.RandomUniform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NpyFile#write}: a whole tensor keeps its shape, a slice is a flat array of its count; the
 * values after the header are the tensor's own elements; offsets and counts are taken up to the
 * tensor's end and refused one past it (a 3 x 4 tensor: 12 elements).
 */
@ExtendWith(CpuBackendFixture.class)
class NpyFileTest {
    private static final TensorSpec TENSOR = TensorSpec.named("w", Shape.of(3, 4), DType.FLOAT32);
    private static final RandomUniform UNIFORM = new RandomUniform(-1, 1, 3L);

    @TempDir
    Path dir;

    private final CpuBackend cpu;

    NpyFileTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    private byte[] written(long offset, long count) throws IOException {
        Path file = dir.resolve("s" + offset + "-" + count + ".npy");
        NpyFile.write(file, TENSOR, UNIFORM, offset, count, cpu);
        return Files.readAllBytes(file);
    }

    @Test
    void aWholeTensorKeepsItsShapeAndASliceIsFlat() throws IOException {
        byte[] whole = toArray(UNIFORM.generateBytes(TENSOR, cpu));
        int header = NpyHeader.of(DType.FLOAT32, Shape.of(3, 4)).remaining();
        byte[] all = written(0, 12);
        assertArrayEquals(toArray(NpyHeader.of(DType.FLOAT32, Shape.of(3, 4))), Arrays.copyOf(all, header));
        assertTrue(new String(all, 0, header, StandardCharsets.ISO_8859_1).contains("'shape': (3, 4), "), "numpy's shape tuple");
        assertArrayEquals(whole, Arrays.copyOfRange(all, header, all.length));
        byte[] slice = written(5, 7);
        int sliceHeader = NpyHeader.of(DType.FLOAT32, Shape.of(7)).remaining();
        assertArrayEquals(toArray(NpyHeader.of(DType.FLOAT32, Shape.of(7))), Arrays.copyOf(slice, sliceHeader));
        assertTrue(new String(slice, 0, sliceHeader, StandardCharsets.ISO_8859_1).contains("'shape': (7,), "), "a one-tuple");
        assertArrayEquals(Arrays.copyOfRange(whole, 5 * 4, 12 * 4), Arrays.copyOfRange(slice, sliceHeader, slice.length));
        byte[] none = written(12, 0);
        assertEquals(NpyHeader.of(DType.FLOAT32, Shape.of(0)).remaining(), none.length, "an empty slice at the end: a header only");
    }

    @Test
    void offsetsAndCountsStopAtTheTensorsEnd() {
        assertEquals("offset 13 is outside the tensor (3, 4) of 12 elements", refusal(13, 0));
        assertEquals("offset -1 is outside the tensor (3, 4) of 12 elements", refusal(-1, 1));
        assertEquals("count 8 from offset 5 runs past the tensor's 12 elements", refusal(5, 8));
        assertEquals("count -1 from offset 5 runs past the tensor's 12 elements", refusal(5, -1));
        assertEquals("count 13 from offset 0 runs past the tensor's 12 elements", refusal(0, 13));
    }

    private String refusal(long offset, long count) {
        Path file = dir.resolve("refused.npy");
        String message = assertThrows(IllegalArgumentException.class, () -> NpyFile.write(file, TENSOR, UNIFORM, offset, count, cpu))
                .getMessage();
        assertFalse(Files.exists(file), "nothing written");
        return message;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
