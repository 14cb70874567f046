package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.FloatRounding;
import dev.weightinit.engine.ValueWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every path of {@link Moments} (the four-accumulator loop below {@link Moments#HISTOGRAM_MIN}
 * values, the histogram of half-precision bit patterns from there, SIMD once compiled) against a
 * plain double loop over the decoded values.
 */
class MomentsTest {
    private static double[] reference(DType dtype, ByteBuffer bytes, int count) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            short bits = bytes.getShort(2 * i);
            double v = dtype == DType.BFLOAT16 ? FloatRounding.bfloat16ToFloat(bits) : FloatRounding.float16ToFloat(bits);
            sum += v;
            squares += v * v;
        }
        return new double[] {sum, squares};
    }

    @Test
    void halvesSumTheSameOnEveryPathAcrossTheHistogramThreshold() {
        SplittableRandom random = new SplittableRandom(21);
        for (DType dtype : new DType[] {DType.BFLOAT16, DType.FLOAT16}) {
            for (int count : new int[] {Moments.HISTOGRAM_MIN - 1, Moments.HISTOGRAM_MIN, 3 * Moments.HISTOGRAM_MIN + 5, 1 << 20}) {
                ByteBuffer bytes = ByteBuffer.allocateDirect(2 * count).order(ByteOrder.LITTLE_ENDIAN);
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (float) (random.nextGaussian() * 0.02 + (i % 3 == 0 ? 0.5 : 0));
                }
                ValueWriter.write(dtype, values, count, bytes, 0);
                double[] expected = reference(dtype, bytes, count);
                for (Moments moments : new Moments[] {new Moments(false), new Moments()}) {
                    double[] sums = moments.of(dtype, bytes);
                    assertEquals(expected[0], sums[0], 1e-12 * Math.abs(expected[0]), dtype + " sum of " + count);
                    assertEquals(expected[1], sums[1], 1e-12 * expected[1], dtype + " squares of " + count);
                }
                Moments reused = new Moments(false);
                double first = reused.of(dtype, bytes)[0];
                assertEquals(first, reused.of(dtype, bytes)[0], "the counts start from zero on every call of one instance");
            }
        }
    }

    @Test
    void histogramsKeepInfinitiesAndNans() {
        int count = Moments.HISTOGRAM_MIN;
        ByteBuffer bytes = ByteBuffer.allocateDirect(2 * count).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putShort(2 * 7, (short) 0xFC00); // float16 -Inf
        assertEquals(Double.NEGATIVE_INFINITY, new Moments(false).of(DType.FLOAT16, bytes)[0]);
        bytes.putShort(2 * 9, (short) 0x7FC0); // a bfloat16 NaN (and a finite float16)
        assertTrue(Double.isNaN(new Moments(false).of(DType.BFLOAT16, bytes)[0]));
    }

    /**
     * The histogram's four-way loop stops before a group of four would pass the block's end: a last
     * block of 3 values (HISTOGRAM_MIN + 3 in all) counts those 3 and nothing left over from the
     * block before. All values are 1.0, so the sums are exactly the count.
     */
    @Test
    void aLastBlockOfThreeCountsThreeValues() {
        int count = Moments.HISTOGRAM_MIN + 3;
        ByteBuffer bytes = ByteBuffer.allocateDirect(2 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            bytes.putShort(2 * i, (short) 0x3F80); // bfloat16 1.0
        }
        double[] sums = new Moments(false).of(DType.BFLOAT16, bytes);
        assertEquals(count, sums[0]);
        assertEquals(count, sums[1]);
    }

    /** Raw uint32 words have no moments: {0, 0}, whatever their bits. */
    @Test
    void rawWordsHaveNoMoments() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(4 * 1000).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1000; i++) {
            bytes.putInt(4 * i, 0x3F80_0000 + i);
        }
        for (Moments moments : new Moments[] {new Moments(false), new Moments()}) {
            assertEquals(java.util.List.of(0.0, 0.0), java.util.Arrays.stream(moments.of(DType.UINT32, bytes)).boxed().toList());
        }
    }
}
