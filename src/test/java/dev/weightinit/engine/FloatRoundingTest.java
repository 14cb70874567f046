package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * float16 and bfloat16 rounding at their edges, both ways, against references that share no code
 * with {@link FloatRounding}: NumPy's float16 ({@code astype}) for float32 → float16 and back, and
 * for bfloat16 a nearest-of-two-candidates search in exact double arithmetic written here. Inputs:
 * every float32 whose dropped bits sit at or next to a tie (0, 1, half − 1, half, half + 1, all
 * ones) under every pattern of the kept bits (so every exponent, ±0, ±Inf, the largest finite
 * values, subnormals and NaN payloads), plus random floats over all bits and over the float16
 * subnormal range.
 */
class FloatRoundingTest {
    @TempDir
    Path dir;

    /** Low-bit variants around the tie of {@code dropped} dropped bits, under every kept pattern. */
    private static int[] edges(int dropped, int extraRandom) {
        int half = 1 << (dropped - 1);
        int[] lows = {0, 1, half - 1, half, half + 1, (1 << dropped) - 1};
        int kept = 1 << (32 - dropped);
        int[] inputs = new int[kept * lows.length + 2 * extraRandom];
        int k = 0;
        for (int high = 0; high < kept; high++) {
            for (int low : lows) {
                inputs[k++] = (high << dropped) | low;
            }
        }
        SplittableRandom random = new SplittableRandom(20261201);
        for (int i = 0; i < extraRandom; i++) {
            inputs[k++] = random.nextInt();
            // |x| in [2^-26, 2^-14): float16's subnormals and the underflow to zero
            inputs[k++] = (random.nextInt(2) << 31) | ((101 + random.nextInt(12)) << 23) | random.nextInt(1 << 23);
        }
        return inputs;
    }

    private static boolean isSignalingNaN(int bits) {
        return (bits & 0x7F80_0000) == 0x7F80_0000 && (bits & 0x007F_FFFF) != 0 && (bits & 0x0040_0000) == 0;
    }

    @Test
    void float16RoundsAsNumpyDoesAtEveryEdge() throws Exception {
        int[] inputs = edges(13, 1 << 20);
        short[] numpy = numpy("import numpy as np, sys\n"
                + "x = np.fromfile(sys.argv[1], dtype='<u4').view(np.float32)\n"
                + "x.astype(np.float16).view('<u2').tofile(sys.argv[2])\n", inputs, inputs.length);
        int signaling = 0;
        for (int i = 0; i < inputs.length; i++) {
            int bits = inputs[i];
            short ours = FloatRounding.toFloat16Bits(Float.intBitsToFloat(bits));
            if (isSignalingNaN(bits)) {
                // IEEE 754 (6.2) and x86's F16C convert a signaling NaN to a quiet one, as we do:
                // sign, the quiet bit, the top 9 payload bits. NumPy's software path keeps it signaling.
                short quiet = (short) (((bits >>> 16) & 0x8000) | 0x7E00 | ((bits >>> 13) & 0x1FF));
                assertEquals(quiet, ours, () -> "signaling NaN " + Integer.toHexString(bits));
                signaling++;
                continue;
            }
            if (numpy[i] != ours) {
                fail("float32 " + Integer.toHexString(bits) + " (" + Float.intBitsToFloat(bits) + "): NumPy float16 "
                        + Integer.toHexString(numpy[i] & 0xFFFF) + ", ours " + Integer.toHexString(ours & 0xFFFF));
            }
        }
        assertTrue(signaling > 5_000, "signaling NaNs were among the inputs: " + signaling);
    }

    @Test
    void everyFloat16DecodesAsNumpyDoes() throws Exception {
        int[] halves = new int[1 << 16];
        for (int h = 0; h < halves.length; h++) {
            halves[h] = h;
        }
        int[] numpy = numpyInts("import numpy as np, sys\n"
                + "h = np.fromfile(sys.argv[1], dtype='<u4').astype('<u2').view(np.float16)\n"
                + "h.astype(np.float32).view('<u4').tofile(sys.argv[2])\n", halves);
        for (int h = 0; h < halves.length; h++) {
            int ours = Float.floatToRawIntBits(FloatRounding.float16ToFloat((short) h));
            assertEquals(numpy[h], ours, "float16 " + Integer.toHexString(h));
            assertEquals(numpy[h], Float.floatToRawIntBits(Float16Reference.decode(h)), "the test's own decoder, float16 " + Integer.toHexString(h));
        }
    }

    @Test
    void bfloat16RoundsToTheNearestEvenAtEveryEdge() {
        int[] inputs = edges(16, 1 << 20);
        for (int bits : inputs) {
            short ours = FloatRounding.toBfloat16Bits(Float.intBitsToFloat(bits));
            short expected = referenceBfloat16(bits);
            if (ours != expected) {
                fail("float32 " + Integer.toHexString(bits) + " (" + Float.intBitsToFloat(bits) + "): expected bfloat16 "
                        + Integer.toHexString(expected & 0xFFFF) + ", ours " + Integer.toHexString(ours & 0xFFFF));
            }
            if ((expected & 0x7F80) != 0x7F80) {
                assertEquals(Float.intBitsToFloat((expected & 0xFFFF) << 16), FloatRounding.bfloat16ToFloat(expected), "decoding");
            }
        }
        assertEquals((short) 0x7F7F, FloatRounding.toBfloat16Bits(Float.intBitsToFloat(0x7F7F7FFF)), "largest finite, just below the tie");
        assertEquals((short) 0x7F80, FloatRounding.toBfloat16Bits(Float.intBitsToFloat(0x7F7F8000)), "the tie above the largest finite: Inf");
        assertEquals((short) 0xFF80, FloatRounding.toBfloat16Bits(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0xFFC1, FloatRounding.toBfloat16Bits(Float.intBitsToFloat(0xFF810000)), "signaling NaN: quieted, payload kept");
    }

    /**
     * bfloat16 by definition: the two bfloat16 values around {@code bits} (truncation and the next
     * one up), the nearer in exact double arithmetic, ties to the even pattern; past the largest
     * finite value by half an ulp or more, Inf; NaN quiet with its sign and top payload bits.
     */
    private static short referenceBfloat16(int bits) {
        if ((bits & 0x7F80_0000) == 0x7F80_0000) {
            return (short) ((bits & 0x007F_FFFF) == 0 ? bits >>> 16 : (bits >>> 16) | 0x40);
        }
        int down = bits >>> 16;
        int up = down + 1;
        double x = Math.abs((double) Float.intBitsToFloat(bits));
        double low = Math.abs((double) Float.intBitsToFloat(down << 16));
        if ((up & 0x7F80) == 0x7F80) { // the next one up is Inf: its distance is that of the would-be next value
            double ulp = low - Math.abs((double) Float.intBitsToFloat((down - 1) << 16));
            return (short) (x - low < ulp / 2 ? down : (down & 0x8000) | 0x7F80);
        }
        double high = Math.abs((double) Float.intBitsToFloat(up << 16));
        double toLow = x - low;
        double toHigh = high - x;
        if (toLow < toHigh || (toLow == toHigh && (down & 1) == 0)) {
            return (short) down;
        }
        return (short) up;
    }

    private short[] numpy(String script, int[] inputs, int outputs) throws Exception {
        byte[] out = run(script, inputs);
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(2L * outputs, out.length, "NumPy wrote a uint16 per input");
        short[] result = new short[outputs];
        buffer.asShortBuffer().get(result);
        return result;
    }

    private int[] numpyInts(String script, int[] inputs) throws Exception {
        byte[] out = run(script, inputs);
        assertEquals(4L * inputs.length, out.length, "NumPy wrote a uint32 per input");
        int[] result = new int[inputs.length];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(result);
        return result;
    }

    private byte[] run(String script, int[] inputs) throws Exception {
        Path in = dir.resolve("in.u32");
        Path out = dir.resolve("out.bin");
        ByteBuffer buffer = ByteBuffer.allocate(4 * inputs.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(inputs);
        Files.write(in, buffer.array());
        dev.weightinit.Python.run("-c", script, in.toString(), out.toString());
        return Files.readAllBytes(out);
    }



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
