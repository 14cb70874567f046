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
                if (SIMD && SimdConversions.ready(length)) {
                    writeHalvesSimd(type, values, length, target, byteOffset);
                } else if (type == DType.FLOAT16) {
                    for (int i = 0; i < length; i++) {
                        target.putShort(byteOffset + 2 * i, FloatRounding.toFloat16Bits(values[i]));
                    }
                } else {
                    for (int i = 0; i < length; i++) {
                        target.putShort(byteOffset + 2 * i, FloatRounding.toBfloat16Bits(values[i]));
                    }
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
        if (SIMD && SimdConversions.ready(length)) {
            if (type == DType.FLOAT16) {
                SimdConversions.toFloat16(values, 0, length, dst, offset);
            } else {
                SimdConversions.toBfloat16(values, 0, length, dst, offset);
            }
            return;
        }
        for (int i = 0; i < length; i++) {
            dst[offset + i] = type == DType.FLOAT16 ? FloatRounding.toFloat16Bits(values[i]) : FloatRounding.toBfloat16Bits(values[i]);
        }
    }

    /** Rounds a block at a time into a scratch array, then one bulk copy per block. */
    private static void writeHalvesSimd(DType type, float[] values, int length, ByteBuffer target, int byteOffset) {
        short[] halves = SHORTS.get();
        java.nio.ShortBuffer out = target.duplicate().order(target.order()).position(byteOffset).asShortBuffer();
        for (int done = 0; done < length; done += HALVES) {
            int n = Math.min(HALVES, length - done);
            if (type == DType.FLOAT16) {
                SimdConversions.toFloat16(values, done, n, halves, 0);
            } else {
                SimdConversions.toBfloat16(values, done, n, halves, 0);
            }
            out.put(halves, 0, n);
        }
    }
}
