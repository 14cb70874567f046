package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FloatRounding;
import dev.weightinit.keras.Constant;
import dev.weightinit.keras.Identity;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * {@link InitializerArrays}, the whole-tensor calls of host-computed initializers, past one 2^24-element
 * chunk: a 4097 x 4097 identity (16,785,409 elements) as float[] and as bfloat16 short[] bits, checked
 * per element against r == c; generateBytes' size limit and its message; a device buffer really filled.
 */
class InitializerArraysTest {
    private static final int N = 4097;

    @Test
    void floatsAndHalvesPastOneChunk() {
        try (Backend cpu = new CpuBackend(2)) {
            float[] values = new Identity(2).generate(Shape.of(N, N), cpu);
            short[] halves = new Identity(2).generateHalves(Shape.of(N, N), DType.BFLOAT16, cpu);
            short two = FloatRounding.toBfloat16Bits(2f);
            assertEquals((short) 0x4000, two, "bfloat16 2.0 is 0x4000");
            for (int i = 0; i < values.length; i++) {
                boolean diagonal = i / N == i % N;
                assertEquals(diagonal ? 2f : 0f, values[i], "element " + i);
                assertEquals(diagonal ? two : 0, halves[i], "element " + i);
            }
        }
    }

    @Test
    void generateBytesRefusesWhatABufferCannotHold() {
        try (Backend cpu = new CpuBackend(1)) {
            assertEquals("tensor (1073741824,) of float32 is 4294967296 bytes: a buffer holds at most 2^31 - 9; fill slices or a device "
                    + "buffer instead", assertThrows(IllegalArgumentException.class,
                    () -> new Constant(1).generateBytes(TensorSpec.of(Shape.of(1L << 30), DType.FLOAT32), cpu)).getMessage());
            assertEquals("tensor (4611686018427387904,) of float32 is more than 2^63 - 1 bytes: a buffer holds at most 2^31 - 9; fill "
                    + "slices or a device buffer instead", assertThrows(IllegalArgumentException.class,
                    () -> new Constant(1).generateBytes(TensorSpec.of(Shape.of(1L << 62), DType.FLOAT32), cpu)).getMessage());
            ByteBuffer eye = new Identity(5).generateBytes(TensorSpec.of(Shape.of(2, 2), DType.FLOAT32), cpu);
            assertEquals(5f, eye.order(ByteOrder.LITTLE_ENDIAN).getFloat(12));
        }
    }

    /** The elementwise initializers' own arrays have the same limit: 2^31 elements is one past what a Java array holds. */
    @Test
    void elementwiseArraysRefuseMoreThanAJavaArrayHolds() {
        try (Backend cpu = new CpuBackend(1)) {
            assertEquals("shape (2147483648,) has 2147483648 elements: a float[] holds at most 2147483639; fill slices or a device "
                    + "buffer instead", assertThrows(IllegalArgumentException.class,
                    () -> new Constant(1).generate(Shape.of(1L << 31), cpu)).getMessage());
            assertEquals("shape (2147483648,) has 2147483648 elements: a short[] holds at most 2147483639; fill slices or a device "
                    + "buffer instead", assertThrows(IllegalArgumentException.class,
                    () -> new Constant(1).generateHalves(Shape.of(1L << 31), DType.BFLOAT16, cpu)).getMessage());
        }
    }

    /** A read-only destination is refused by name before anything is computed, by host-computed initializers too. */
    @Test
    void aReadOnlyDestinationIsRefused() {
        try (Backend cpu = new CpuBackend(1)) {
            ByteBuffer readOnly = ByteBuffer.allocate(16).asReadOnlyBuffer();
            assertEquals("destination buffer is read-only: values cannot be written into it", assertThrows(IllegalArgumentException.class,
                    () -> new Identity(1).fill(TensorSpec.of(Shape.of(2, 2), DType.FLOAT32), 0, readOnly, cpu)).getMessage());
        }
    }

    @Test
    void aDeviceBufferIsFilled() {
        try (Backend cpu = new CpuBackend(1); DeviceBuffer eye = new Identity(7).generate(TensorSpec.of(Shape.of(3, 3), DType.FLOAT32), cpu)) {
            ByteBuffer back = ByteBuffer.allocateDirect(36).order(ByteOrder.LITTLE_ENDIAN);
            eye.read(0, back);
            assertEquals(7f, back.getFloat(16));
            assertEquals(0f, back.getFloat(4));
        }
    }
}
