package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.Identity;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * {@link HostComputedInitializer}'s chunked writes, checked against the identity matrix worked out
 * per element (row r, column c: gain where r == c): a 1025 x 1025 float32 tensor is 1,050,625
 * elements, past one 2^20-element chunk, filled whole and as a slice that starts mid-row, into a
 * buffer at a position and into a device buffer at an offset.
 */
class HostComputedInitializerTest {
    private static final int N = 1025;
    private static final TensorSpec EYE = TensorSpec.of(Shape.of(N, N), DType.FLOAT32);

    private static float expected(long index) {
        return index / N == index % N ? 3f : 0f;
    }

    @Test
    void aBufferIsFilledChunkByChunkAtItsPosition() {
        try (Backend cpu = new CpuBackend(1)) {
            long start = 1000;
            int count = N * N - 1000;
            ByteBuffer dst = ByteBuffer.allocate(4 + 4 * count).order(ByteOrder.LITTLE_ENDIAN);
            dst.putFloat(0, -1f).position(4);
            new Identity(3).fill(EYE, start, dst, cpu);
            assertEquals(-1f, dst.getFloat(0), "before the position: untouched");
            for (int i = 0; i < count; i++) {
                assertEquals(expected(start + i), dst.getFloat(4 + 4 * i), "element " + (start + i));
            }
        }
    }

    @Test
    void aDeviceBufferIsFilledChunkByChunkAtItsOffset() {
        try (Backend cpu = new CpuBackend(1); DeviceBuffer buffer = cpu.allocate(N * N + 7, DType.FLOAT32)) {
            long start = 513;
            long count = (long) N * N - start;
            new Identity(3).fill(EYE, start, count, cpu, buffer, 7);
            ByteBuffer back = ByteBuffer.allocateDirect(4 * (int) count).order(ByteOrder.LITTLE_ENDIAN);
            buffer.read(7, back);
            for (int i = 0; i < count; i++) {
                assertEquals(expected(start + i), back.getFloat(4 * i), "element " + (start + i));
            }
            assertThrows(IllegalArgumentException.class, () -> new Identity(3).fill(EYE, start, count + 1, cpu, buffer, 0));
        }
    }

    /** float16 holds 65504: a gain of 65504 is written, 65536 is refused before anything is written. */
    @Test
    void valuesPastTheDtypeAreRefusedAndItsLargestIsNot() {
        try (Backend cpu = new CpuBackend(1)) {
            TensorSpec half = TensorSpec.of(Shape.of(2, 2), DType.FLOAT16);
            ByteBuffer dst = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            new Identity(65504).fill(half, 0, dst, cpu);
            assertEquals((short) 0x7BFF, dst.getShort(0));
            assertThrows(IllegalArgumentException.class, () -> new Identity(65536).fill(half, 0, ByteBuffer.allocate(8), cpu));
            try (DeviceBuffer buffer = cpu.allocate(4, DType.FLOAT16)) {
                assertThrows(IllegalArgumentException.class, () -> new Identity(65536).fill(half, 0, 4, cpu, buffer, 0));
            }
        }
    }

    @Test
    void aClosedBackendIsRefused() {
        Backend cpu = new CpuBackend(1);
        DeviceBuffer buffer = cpu.allocate(4, DType.FLOAT32);
        cpu.close();
        TensorSpec small = TensorSpec.of(Shape.of(2, 2), DType.FLOAT32);
        assertThrows(IllegalStateException.class, () -> new Identity().fill(small, 0, ByteBuffer.allocate(16), cpu));
        assertThrows(IllegalStateException.class, () -> new Identity().fill(small, 0, 4, cpu, buffer, 0));
    }
}
