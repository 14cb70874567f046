package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatRoundingTest {

    /** Nearest float16 by exhaustive search over all finite halves, ties to the even bit pattern. */
    private static short referenceHalf(float f) {
        if (Math.abs(f) >= 65520f) {
            return (short) (f > 0 ? 0x7C00 : 0xFC00);
        }
        int best = 0;
        double bestError = Double.POSITIVE_INFINITY;
        for (int h = 0; h < 0x7C00; h++) {
            double error = Math.abs(Math.abs((double) f) - Float16Reference.decode(h)); // not the decoder under test
            if (error < bestError || (error == bestError && (h & 1) == 0)) {
                best = h;
                bestError = error;
            }
        }
        return (short) (best | (Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0));
    }

    @Test
    void float16RoundTripsEveryHalfAndRoundsMidpointsToEven() {
        for (int h = 0; h < 0x10000; h++) {
            if ((h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0) {
                continue; // NaN payloads are not preserved
            }
            float value = Float16Reference.decode(h);
            assertEquals((short) h, FloatRounding.toFloat16Bits(value), "half " + Integer.toHexString(h));
            if ((h & 0x7FFF) < 0x7BFF) {
                // The exact midpoint to the next half up rounds to whichever has an even mantissa.
                float next = Float16Reference.decode(h + 1);
                float midpoint = (float) (((double) value + next) / 2);
                short expected = (short) ((h & 1) == 0 ? h : h + 1);
                assertEquals(expected, FloatRounding.toFloat16Bits(midpoint), "midpoint above half " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void float16MatchesNearestHalfSearchOnRandomFloats() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < 3000; i++) {
            // Exponents across the subnormal, normal and overflow ranges of float16.
            float f = (float) (random.nextDouble(-1, 1) * Math.pow(2, random.nextInt(-27, 18)));
            assertEquals(referenceHalf(f), FloatRounding.toFloat16Bits(f), "float " + f);
        }
        assertEquals((short) 0x7C00, FloatRounding.toFloat16Bits(Float.POSITIVE_INFINITY));
        assertEquals((short) 0x7BFF, FloatRounding.toFloat16Bits(65519.99f));
        assertEquals((short) 0x7C00, FloatRounding.toFloat16Bits(65520f));
        assertEquals((short) 0x0001, FloatRounding.toFloat16Bits(0x1.000002p-25f));
        assertEquals((short) 0x0000, FloatRounding.toFloat16Bits(0x1p-25f));
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, FloatRounding.toBfloat16Bits(1.0f));
        assertEquals((short) 0x3F80, FloatRounding.toBfloat16Bits(Float.intBitsToFloat(0x3F808000))); // tie, even stays
        assertEquals((short) 0x3F82, FloatRounding.toBfloat16Bits(Float.intBitsToFloat(0x3F818000))); // tie, odd rounds up
        assertEquals((short) 0x3F81, FloatRounding.toBfloat16Bits(Float.intBitsToFloat(0x3F808001)));
        assertEquals((short) 0x7F80, FloatRounding.toBfloat16Bits(Float.MAX_VALUE)); // rounds past the largest bfloat16
        assertEquals((short) 0x7FC0, FloatRounding.toBfloat16Bits(Float.NaN));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt() & 0x7F7F_FFFF);
            float rounded = FloatRounding.bfloat16ToFloat(FloatRounding.toBfloat16Bits(f));
            float down = Float.intBitsToFloat(Float.floatToRawIntBits(f) & 0xFFFF_0000);
            float up = Float.intBitsToFloat((Float.floatToRawIntBits(f) & 0xFFFF_0000) + 0x10000);
            double dDown = (double) f - down;
            // Rounding treats the step past the largest finite bfloat16 as 2^128, which overflows to Inf.
            double dUp = (Float.isInfinite(up) ? 0x1p128 : (double) up) - f;
            float expected = dDown < dUp ? down : dUp < dDown ? up
                    : ((Float.floatToRawIntBits(down) >>> 16) & 1) == 0 ? down : up;
            assertEquals(expected, rounded, "float " + f);
        }
    }

    @Test
    void float64IsTheExactWidening() {
        assertEquals(Double.doubleToRawLongBits(0x1p-149), FloatRounding.toFloat64Bits(Float.MIN_VALUE));
        assertEquals(Double.doubleToRawLongBits(-0.0), FloatRounding.toFloat64Bits(-0.0f));
    }
}
