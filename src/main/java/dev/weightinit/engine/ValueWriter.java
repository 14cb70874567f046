package dev.weightinit.engine;

import java.nio.ByteBuffer;

/**
 * Writes float32 values to a byte buffer as one output type (stream spec §4), at absolute byte
 * offsets in the buffer's own byte order; float16 and bfloat16 through the Vector API where
 * {@link VectorSupport#usable()} (the same bits). Thread-safe: per-thread scratch only.
 */
public final class ValueWriter {
    /** Rounds to float16 and bfloat16 through the Vector API (the same bits as the scalar loops). */
    private static final boolean SIMD = VectorSupport.usable();
    private static final int HALVES = 1 << 14;
    private static final ThreadLocal<short[]> SHORTS = ThreadLocal.withInitial(() -> new short[HALVES]);

    private ValueWriter() {
    }

    /**
     * Writes {@code values[0 .. length)} at {@code byteOffset}; {@link DType#UINT32} writes the float
     * bit patterns (raw words travel as float bits); the integer types write the values truncated
     * toward zero (callers give integral values), bool writes 1 for nonzero.
     */
    public static void write(DType type, float[] values, int length, ByteBuffer target, int byteOffset) {
        switch (type) {
            case FLOAT32, UINT32 -> // a bulk copy of the bit patterns (duplicate() resets the byte order)
                    target.duplicate().order(target.order()).position(byteOffset).asFloatBuffer().put(values, 0, length);
            case FLOAT16, BFLOAT16 -> {
                // A block at a time into a scratch array, then one bulk copy per block.
                short[] halves = SHORTS.get();
                java.nio.ShortBuffer out = target.duplicate().order(target.order()).position(byteOffset).asShortBuffer();
                for (int done = 0; done < length; done += HALVES) {
                    int n = Math.min(HALVES, length - done);
                    round(type, values, done, n, halves, 0);
                    out.put(halves, 0, n);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < length; i++) {
                    target.putLong(byteOffset + 8 * i, FloatRounding.toFloat64Bits(values[i]));
                }
            }
            case INT64 -> {
                for (int i = 0; i < length; i++) {
                    target.putLong(byteOffset + 8 * i, (long) values[i]);
                }
            }
            case INT32 -> {
                for (int i = 0; i < length; i++) {
                    target.putInt(byteOffset + 4 * i, (int) values[i]);
                }
            }
            case BOOL -> {
                for (int i = 0; i < length; i++) {
                    target.put(byteOffset + i, (byte) (values[i] != 0 ? 1 : 0));
                }
            }
        }
    }

    /**
     * Writes {@code values[0 .. length)} rounded to {@code type} (float16 or bfloat16) as bits into
     * {@code dst[offset ..]}.
     *
     * @throws IllegalArgumentException if {@code type} is not a 16-bit float
     */
    public static void writeHalves(DType type, float[] values, int length, short[] dst, int offset) {
        if (type != DType.FLOAT16 && type != DType.BFLOAT16) {
            throw new IllegalArgumentException("halves are float16 or bfloat16, not " + type.specName());
        }
        round(type, values, 0, length, dst, offset);
    }

    /** {@code out[to + i]} = {@code values[from + i]} rounded to float16 or bfloat16, for {@code i < n}: SIMD once compiled, else scalar. */
    private static void round(DType type, float[] values, int from, int n, short[] out, int to) {
        boolean half = type == DType.FLOAT16;
        if (SIMD && SimdConversions.ready(type, n)) {
            if (half) {
                SimdConversions.toFloat16(values, from, n, out, to);
            } else {
                SimdConversions.toBfloat16(values, from, n, out, to);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            out[to + i] = half ? FloatRounding.toFloat16Bits(values[from + i]) : FloatRounding.toBfloat16Bits(values[from + i]);
        }
    }
}
