package dev.weightinit.engine;

/**
 * Float32 to float16 / bfloat16 rounding (to nearest, ties to even) and float32 to float64 widening
 * as bit patterns, as in stream spec §4. The OpenCL side uses {@code vstore_half_rte} for float16
 * and the same integer operations for bfloat16 and (on devices without fp64) float64.
 *
 * <p>Thread-safe: stateless.
 */
public final class FloatRounding {
    private FloatRounding() {
    }

    /** IEEE binary16 bits of {@code f} rounded to nearest even; overflow gives ±Inf, NaN stays NaN. */
    public static short toFloat16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFF_FFFF;
        if (abs >= 0x7F80_0000) {
            // Inf, or NaN with its top payload bits and the quiet bit.
            return (short) (sign | 0x7C00 | (abs > 0x7F80_0000 ? 0x0200 | ((abs >>> 13) & 0x3FF) : 0));
        }
        if (abs >= 0x477F_F000) {
            return (short) (sign | 0x7C00); // >= 65520 rounds past the largest half, 65504
        }
        if (abs >= 0x3880_0000) {
            // Normal half: rebias the exponent by 127 - 15 and round the 13 dropped mantissa bits.
            int rounded = abs + 0x0FFF + ((abs >>> 13) & 1) - 0x3800_0000;
            return (short) (sign | (rounded >>> 13));
        }
        int exponent = abs >>> 23;
        if (exponent < 102) {
            return (short) sign; // below 2^-25: rounds to zero
        }
        // Subnormal half: the value in units of 2^-24, rounded to nearest even.
        int mantissa = (abs & 0x007F_FFFF) | 0x0080_0000;
        int shift = 126 - exponent;
        int result = mantissa >>> shift;
        int remainder = mantissa & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (result & 1) != 0)) {
            result++;
        }
        return (short) (sign | result);
    }

    /** bfloat16 bits of {@code f} rounded to nearest even; NaN stays a quiet NaN. */
    public static short toBfloat16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** IEEE binary64 bits of the exact widening of {@code f}. */
    public static long toFloat64Bits(float f) {
        return Double.doubleToRawLongBits(f);
    }

    /** The float32 value of float16 bits {@code h} (exact). */
    public static float float16ToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** The float32 value of bfloat16 bits {@code b} (exact). */
    public static float bfloat16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xFFFF) << 16);
    }
}
