package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.Constant;
import dev.weightinit.keras.RandomNormal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * {@link ElementwiseInitializer}'s own rules: constants in integer and bool tensors (integers within
 * 2^24; bool 0 or 1; never random values), written past one 2^16-element chunk into a buffer and
 * into a device buffer, the dtype's largest value allowed exactly, and the argument checks.
 */
class ElementwiseInitializerTest {
    /** 70,001 int64 elements: more than one 65,536-element chunk, and not a multiple of it. */
    private static final TensorSpec INT64 = TensorSpec.named("step", Shape.of(70_001), DType.INT64);

    @Test
    void aConstantFillsAnInt64TensorPastOneChunk() {
        try (Backend cpu = new CpuBackend(1)) {
            ByteBuffer dst = ByteBuffer.allocate(8 * 70_001 + 8).order(ByteOrder.LITTLE_ENDIAN);
            dst.position(8);
            new Constant(-16_777_216).fill(INT64, 0, dst, cpu);
            assertEquals(0L, dst.getLong(0), "nothing before the destination's position");
            for (int i = 0; i < 70_001; i++) {
                assertEquals(-16_777_216L, dst.getLong(8 + 8 * i), "element " + i);
            }
        }
    }

    @Test
    void aConstantFillsADeviceBufferSlice() {
        try (Backend cpu = new CpuBackend(1); DeviceBuffer buffer = cpu.allocate(70_001, DType.INT64)) {
            new Constant(0).fill(INT64, 0, 70_001, cpu, buffer, 0);
            new Constant(5).fill(INT64, 100, 69_901, cpu, buffer, 100);
            ByteBuffer back = ByteBuffer.allocateDirect(8 * 70_001).order(ByteOrder.LITTLE_ENDIAN);
            buffer.read(0, back);
            assertEquals(0L, back.getLong(8 * 99));
            assertEquals(5L, back.getLong(8 * 100));
            assertEquals(5L, back.getLong(8 * 70_000));
            assertThrows(IllegalArgumentException.class, () -> new Constant(5).fill(INT64, 70_000, 2, cpu, buffer, 0));
        }
    }

    /** 2^20 + 3 int32 elements: a device buffer is staged in 2^20-element chunks, each at its own offset. */
    @Test
    void aConstantFillsADeviceBufferPastOneStagingChunk() {
        int count = (1 << 20) + 3;
        TensorSpec int32 = TensorSpec.of(Shape.of(count), DType.INT32);
        try (Backend cpu = new CpuBackend(1); DeviceBuffer buffer = cpu.allocate(count + 2, DType.INT32)) {
            ByteBuffer sevens = ByteBuffer.allocateDirect(4 * (count + 2)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count + 2; i++) {
                sevens.putInt(4 * i, 7);
            }
            cpu.write(buffer, 0, sevens);
            new Constant(-3).fill(int32, 0, count, cpu, buffer, 2);
            ByteBuffer back = ByteBuffer.allocateDirect(4 * (count + 2)).order(ByteOrder.LITTLE_ENDIAN);
            buffer.read(0, back);
            assertEquals(7, back.getInt(0));
            assertEquals(7, back.getInt(4));
            for (int i = 0; i < count; i++) {
                assertEquals(-3, back.getInt(4 * (2 + i)), "element " + i);
            }
        }
    }

    @Test
    void integerAndBoolTensorsHoldExactConstantsOnly() {
        try (Backend cpu = new CpuBackend(1)) {
            ByteBuffer one = ByteBuffer.allocate(8);
            new Constant(16_777_216).fill(TensorSpec.of(Shape.of(1), DType.INT64), 0, one, cpu);
            assertEquals(16_777_216L, one.order(ByteOrder.LITTLE_ENDIAN).getLong(0), "2^24 is exact");
            TensorSpec flag = TensorSpec.of(Shape.of(1), DType.BOOL);
            ByteBuffer bit = ByteBuffer.allocate(1);
            new Constant(1).fill(flag, 0, bit, cpu);
            assertEquals(1, bit.get(0));
            assertEquals("Constant{value=2.0} cannot fill a bool tensor: bool tensors hold constants (integers within 2^24, 0 or 1), not 2.0",
                    assertThrows(IllegalArgumentException.class, () -> new Constant(2).fill(flag, 0, ByteBuffer.allocate(1), cpu)).getMessage());
            assertEquals("Constant{value=-1.0} cannot fill a bool tensor: bool tensors hold constants (integers within 2^24, 0 or 1), not -1.0",
                    assertThrows(IllegalArgumentException.class, () -> new Constant(-1).fill(flag, 0, ByteBuffer.allocate(1), cpu)).getMessage());
            TensorSpec int32 = TensorSpec.of(Shape.of(1), DType.INT32);
            assertEquals("Constant{value=1.5} cannot fill a int32 tensor: int32 tensors hold constants (integers within 2^24), not 1.5",
                    assertThrows(IllegalArgumentException.class, () -> new Constant(1.5).fill(int32, 0, ByteBuffer.allocate(4), cpu)).getMessage());
            assertEquals("Constant{value=1.6777217E7} cannot fill a int32 tensor: int32 tensors hold constants (integers within 2^24), not 1.6777217E7",
                    assertThrows(IllegalArgumentException.class, () -> new Constant(16_777_217).fill(int32, 0, ByteBuffer.allocate(4), cpu))
                            .getMessage());
            String random = assertThrows(IllegalArgumentException.class,
                    () -> new RandomNormal(0, 1, 3).fill(int32, 0, ByteBuffer.allocate(4), cpu)).getMessage();
            assertEquals(true, random.endsWith("int32 tensors hold constants (integers within 2^24), not random values"), random);
        }
    }

    @Test
    void aClosedBackendIsRefusedForConstantsToo() {
        Backend cpu = new CpuBackend(1);
        cpu.close();
        assertThrows(IllegalStateException.class, () -> new Constant(1).fill(INT64, 0, ByteBuffer.allocate(8 * 70_001), cpu));
    }

    /** float16's largest finite value, 65504, is allowed exactly (bits 0x7BFF); 65520 rounds past it and is refused. */
    @Test
    void theDtypesLargestValueIsAllowedExactly() {
        try (Backend cpu = new CpuBackend(1)) {
            TensorSpec half = TensorSpec.of(Shape.of(2), DType.FLOAT16);
            ByteBuffer dst = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            new Constant(65504).fill(half, 0, dst, cpu);
            assertEquals((short) 0x7BFF, dst.getShort(0));
            assertThrows(IllegalArgumentException.class, () -> new Constant(65520).fill(half, 0, ByteBuffer.allocate(4), cpu));
        }
    }

    @Test
    void generateHalvesTakesHalfPrecisionOnly() {
        try (Backend cpu = new CpuBackend(1)) {
            assertEquals("a short[] destination holds float16 or bfloat16 bits, not float32",
                    assertThrows(IllegalArgumentException.class, () -> new Constant(1).generateHalves(Shape.of(2), DType.FLOAT32, cpu))
                            .getMessage());
            assertEquals(2, new Constant(1).generateHalves(Shape.of(2), DType.BFLOAT16, cpu).length);
        }
    }
}
