package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * {@link ValueWriter}: each output type's bytes at a byte offset (the bytes before it untouched), read
 * back with expectations written here: float64 widening, integers truncated toward zero, bool as 0 or
 * 1, bfloat16 by the round-to-nearest-even formula on the float32 bits, float16 decoded by
 * {@link Float16Reference} for values it holds exactly; half-precision runs longer than one block of
 * 2^14 values.
 */
class ValueWriterTest {
    private static final int OFFSET = 8;

    private static ByteBuffer target(int bytes, ByteOrder order) {
        ByteBuffer buffer = ByteBuffer.allocate(OFFSET + bytes).order(order);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0x55);
        }
        return buffer;
    }

    private static void assertPrefixUntouched(ByteBuffer buffer) {
        for (int i = 0; i < OFFSET; i++) {
            assertEquals(0x55, buffer.get(i), "byte " + i + " before the offset");
        }
    }

    @Test
    void widerAndIntegerTypesAndBoolAtAnOffset() {
        float[] values = {3.9f, -2.5f, 0.1f, -0.0f, 16777216f};
        ByteBuffer f64 = target(8 * 5, ByteOrder.LITTLE_ENDIAN);
        ValueWriter.write(DType.FLOAT64, values, 5, f64, OFFSET);
        assertPrefixUntouched(f64);
        for (int i = 0; i < 5; i++) {
            assertEquals(Double.doubleToRawLongBits(values[i]), f64.getLong(OFFSET + 8 * i), "float64 " + values[i]);
        }
        ByteBuffer i64 = target(8 * 5, ByteOrder.BIG_ENDIAN);
        ValueWriter.write(DType.INT64, values, 5, i64, OFFSET);
        assertPrefixUntouched(i64);
        long[] longs = {3, -2, 0, 0, 16777216};
        for (int i = 0; i < 5; i++) {
            assertEquals(longs[i], i64.getLong(OFFSET + 8 * i), "int64 of " + values[i] + ", in the buffer's own order");
        }
        ByteBuffer i32 = target(4 * 5, ByteOrder.LITTLE_ENDIAN);
        ValueWriter.write(DType.INT32, values, 5, i32, OFFSET);
        assertPrefixUntouched(i32);
        for (int i = 0; i < 5; i++) {
            assertEquals((int) longs[i], i32.getInt(OFFSET + 4 * i), "int32 of " + values[i]);
        }
        float[] truth = {0f, -0.0f, 2f, Float.NaN, -1e-45f};
        ByteBuffer bool = target(5, ByteOrder.LITTLE_ENDIAN);
        ValueWriter.write(DType.BOOL, truth, 5, bool, OFFSET);
        assertPrefixUntouched(bool);
        byte[] expected = {0, 0, 1, 1, 1};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], bool.get(OFFSET + i), "bool of " + truth[i]);
        }
        ByteBuffer words = target(4 * 2, ByteOrder.LITTLE_ENDIAN);
        ValueWriter.write(DType.UINT32, new float[] {Float.intBitsToFloat(0x7F80_0001), 1f}, 2, words, OFFSET);
        assertEquals(0x7F80_0001, words.getInt(OFFSET), "raw words keep their bits, a signalling NaN too");
        assertEquals(0x3F80_0000, words.getInt(OFFSET + 4));
    }

    /** bfloat16 by round-to-nearest-even of the float32 bits: {@code (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16}, for finite values. */
    private static short bfloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    @Test
    void halvesAcrossBlocksAtAnOffset() {
        int n = (1 << 14) * 2 + 3;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (i % 2048) * 0x1p-10f * (i % 3 == 0 ? -1 : 1) + (i % 5 == 0 ? 1e-5f : 0);
        }
        ByteBuffer bf16 = target(2 * n, ByteOrder.LITTLE_ENDIAN);
        ValueWriter.write(DType.BFLOAT16, values, n, bf16, OFFSET);
        assertPrefixUntouched(bf16);
        for (int i = 0; i < n; i++) {
            assertEquals(bfloat16(values[i]), bf16.getShort(OFFSET + 2 * i), "bfloat16 of value " + i);
        }
        float[] exact = new float[n];
        for (int i = 0; i < n; i++) {
            exact[i] = (i % 2048) * 0x1p-10f * (i % 3 == 0 ? -1 : 1); // within float16's 11 bits
        }
        ByteBuffer f16 = target(2 * n, ByteOrder.BIG_ENDIAN);
        ValueWriter.write(DType.FLOAT16, exact, n, f16, OFFSET);
        assertPrefixUntouched(f16);
        for (int i = 0; i < n; i++) {
            assertEquals(exact[i], Float16Reference.decode(f16.getShort(OFFSET + 2 * i) & 0xFFFF), "float16 of value " + i);
        }
    }

    @Test
    void halvesIntoAnArrayAtAnOffsetAndOnlyHalves() {
        short[] dst = new short[6];
        ValueWriter.writeHalves(DType.BFLOAT16, new float[] {1f, -2f, 0.5f}, 3, dst, 2);
        assertEquals(java.util.List.of((short) 0, (short) 0, (short) 0x3F80, (short) 0xC000, (short) 0x3F00, (short) 0),
                java.util.stream.IntStream.range(0, 6).mapToObj(i -> dst[i]).toList());
        ValueWriter.writeHalves(DType.FLOAT16, new float[] {1f}, 1, dst, 5);
        assertEquals((short) 0x3C00, dst[5], "float16 1.0");
        for (DType other : new DType[] {DType.FLOAT32, DType.INT32, DType.BOOL}) {
            assertEquals("halves are float16 or bfloat16, not " + other.specName(), assertThrows(IllegalArgumentException.class,
                    () -> ValueWriter.writeHalves(other, new float[1], 1, new short[1], 0)).getMessage());
        }
    }
}
