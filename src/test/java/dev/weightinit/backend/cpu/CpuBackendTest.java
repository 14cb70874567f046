package dev.weightinit.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.ReferenceGenerator;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.FloatRounding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuBackendTest {
    private static final FillSpec NORMAL = new FillSpec(3L, 11L, Distribution.NORMAL, 0.5f, 2f, DType.FLOAT32);

    @Test
    void everyThreadCountGivesTheSingleThreadedReference() {
        int count = 3 * CpuBackend.TASK_ELEMENTS + 17;
        float[] reference = new float[count];
        ReferenceGenerator.compute(NORMAL, 5, reference, 0, count);
        for (int threads : new int[] {1, 2, 5}) {
            try (CpuBackend cpu = new CpuBackend(threads)) {
                float[] out = new float[count + 3];
                cpu.fill(NORMAL, 5, out, 3, count);
                float[] part = java.util.Arrays.copyOfRange(out, 3, count + 3);
                assertArrayEquals(reference, part, threads + " threads");
            }
        }
    }

    @Test
    void byteBufferOutputIsLittleEndianAndRespectsPosition() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            FillSpec half = NORMAL.withDtype(DType.FLOAT16);
            ByteBuffer buffer = ByteBuffer.allocate(2 + 2 * 1001).order(ByteOrder.BIG_ENDIAN);
            buffer.position(2);
            cpu.fill(half, 40, buffer);
            assertEquals(2, buffer.position());
            assertEquals(ByteOrder.BIG_ENDIAN, buffer.order());
            float[] values = new float[1001];
            ReferenceGenerator.compute(NORMAL, 40, values, 0, 1001);
            ByteBuffer little = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                assertEquals(FloatRounding.toFloat16Bits(values[i]), little.getShort(2 + 2 * i), "element " + i);
            }
        }
    }

    @Test
    void fileRegionEqualsTheSameRangeInMemory(@TempDir Path dir) throws IOException {
        FillSpec spec = NORMAL.withDtype(DType.BFLOAT16);
        int count = 200_003;
        Path file = dir.resolve("region.bin");
        try (CpuBackend cpu = new CpuBackend(2);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            cpu.fill(spec, 1_000_000_000_000L, count, channel, 64);
            ByteBuffer expected = ByteBuffer.allocate(count * 2);
            cpu.fill(spec, 1_000_000_000_000L, expected);
            byte[] written = Files.readAllBytes(file);
            assertEquals(64 + 2L * count, written.length);
            assertEquals(expected, ByteBuffer.wrap(written, 64, 2 * count));
        }
    }

    @Test
    void badRangesAreRejectedWithTheValue() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> cpu.fill(NORMAL, -1, ByteBuffer.allocate(8)));
            assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
            IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                    () -> cpu.fill(NORMAL, Long.MAX_VALUE - 1, ByteBuffer.allocate(16)));
            assertTrue(overflow.getMessage().contains("overflows"), overflow.getMessage());
            IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                    () -> cpu.fill(NORMAL, 0, ByteBuffer.allocate(7)));
            assertTrue(ragged.getMessage().contains("7"), ragged.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new CpuBackend(0));
        }
    }

    @Test
    void everyCallAfterCloseFailsEvenOnOneThreadAndSmallRanges() {
        CpuBackend cpu = new CpuBackend(1);
        dev.weightinit.backend.DeviceBuffer buffer = cpu.allocate(8, DType.FLOAT32);
        cpu.close();
        cpu.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> cpu.fill(NORMAL, 0, ByteBuffer.allocate(16)));
        assertThrows(IllegalStateException.class, () -> cpu.fill(NORMAL, 0, new float[4], 0, 4));
        assertThrows(IllegalStateException.class, () -> cpu.allocate(4, DType.FLOAT32));
        assertThrows(IllegalStateException.class, () -> cpu.fill(NORMAL, 0, 4, buffer, 0));
    }

    @Test
    void hostBuffersSpanSegmentsAndRefuseWhatDoesNotFit() {
        try (CpuBackend cpu = new CpuBackend(2); CpuBackend other = new CpuBackend(1)) {
            dev.weightinit.backend.DeviceBuffer buffer = cpu.allocate(100, DType.FLOAT32);
            IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> cpu.fill(NORMAL, 0, 10, buffer, 95));
            assertTrue(past.getMessage().contains("[95, 95 + 10)") && past.getMessage().contains("100"), past.getMessage());
            assertThrows(IllegalArgumentException.class, () -> other.fill(NORMAL, 0, 4, buffer, 0), "another backend's buffer");
            assertThrows(IllegalArgumentException.class, () -> cpu.fill(NORMAL.withDtype(DType.FLOAT16), 0, 4, buffer, 0));
            cpu.fill(NORMAL, 1000, 60, buffer, 40);
            ByteBuffer read = ByteBuffer.allocate(240).order(ByteOrder.LITTLE_ENDIAN);
            buffer.read(40, read);
            float[] expected = new float[60];
            ReferenceGenerator.compute(NORMAL, 1000, expected, 0, 60);
            for (int i = 0; i < 60; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(read.getFloat(4 * i)), "element " + i);
            }
            buffer.close();
            assertTrue(buffer.isClosed());
        }
    }
}
