package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link Truncation}: the constants of a cut normal against values computed outside the project
 * (Python 3's {@code math.erfc}, the C library's: {@code Φ(x) = erfc(-x/√2)/2}, rounded to float32
 * by {@code struct}), in the middle, in each far tail and across both tails; the bounds rounded
 * inward to float32; the standard deviation against closed forms; every constructor limit at its edge.
 */
class TruncationTest {
    @Test
    void theConstantsAreTheNormalsMassesRoundedOnce() {
        // [-1, 2]: P = Φ(-1) = 0.15865525393145707, R = Φ(-2) = 0.02275013194817922, W = 1 - P - R = 0.8185946141203637
        assertEquals(new Truncation(0x1.44ed0cp-3f, 0x1.74bcf8p-6f, 0x1.a31ed6p-1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
                Truncation.of(-1, 2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        // [7, 8], the upper tail: W = Φ(-7) - Φ(-8) = 1.2791904478284077e-12 (no 1 - Φ cancellation), P rounds to 1
        assertEquals(new Truncation(1f, 0x1.669d2cp-51f, 0x1.680f62p-40f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
                Truncation.TAIL_REFERENCE);
        // [-8, -7], the lower tail, its mirror
        assertEquals(new Truncation(0x1.669d2cp-51f, 1f, 0x1.680f62p-40f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
                Truncation.of(-8, -7, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
        // [-6, 5.5]: both tails small, W = 0.9999999800238498 rounds to 1
        assertEquals(new Truncation(0x1.0f30fp-30f, 0x1.463cfap-26f, 1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY),
                Truncation.REFERENCE);
        // infinite bounds: Φ(-∞) = 0, Φ(∞) = 1
        Truncation upper = Truncation.of(Double.NEGATIVE_INFINITY, 0, -1, 0);
        assertEquals(0f, upper.lowerMass());
        assertEquals(0.5f, upper.upperMass());
        assertEquals(0.5f, upper.width());
        Truncation lower = Truncation.of(0, Double.POSITIVE_INFINITY, 0, 1);
        assertEquals(0.5f, lower.lowerMass());
        assertEquals(0f, lower.upperMass());
        assertEquals(0.5f, lower.width());
    }

    @Test
    void boundsAreRoundedInwardToFloat32() {
        // (float) 0.7 = 0.699999988 is below 0.7: up to the next float; (float) 1.1 = 1.10000002 is above: down
        Truncation t = Truncation.of(-1, 1, 0.7, 1.1);
        assertEquals(Math.nextUp(0.7f), t.low());
        assertEquals(Math.nextDown(1.1f), t.high());
        // (float) 0.1 = 0.100000001 is above 0.1: kept as the low bound; (float) 0.9 = 0.899999976 is below 0.9: kept as the high
        Truncation kept = Truncation.of(-1, 1, 0.1, 0.9);
        assertEquals(0.1f, kept.low());
        assertEquals(0.9f, kept.high());
        Truncation exact = Truncation.of(-1, 1, -0.5, 0.25);
        assertEquals(-0.5f, exact.low(), "an exact float is kept");
        assertEquals(0.25f, exact.high());
    }

    @Test
    void clampKeepsValuesInsideAndTheSignOfZero() {
        Truncation t = new Truncation(0.5f, 0.25f, 0.25f, 0f, 2f);
        assertEquals(0f, t.clamp(-3f));
        assertEquals(2f, t.clamp(5f));
        assertEquals(1.5f, t.clamp(1.5f));
        assertEquals(2f, t.clamp(2f));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(t.clamp(-0.0f)), "-0 is not below 0: it stays -0");
        Truncation negative = new Truncation(0.5f, 0.25f, 0.25f, -1f, -0.0f);
        assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(negative.clamp(0.0f)), "+0 is not above -0: it stays +0");
    }

    @Test
    void theStandardDeviationOfACutNormal() {
        assertEquals(1.0, Truncation.unitStddev(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), 1e-15, "not cut");
        assertEquals(Math.sqrt(1 - 2 / Math.PI), Truncation.unitStddev(0, Double.POSITIVE_INFINITY), 1e-15, "the half-normal");
        assertEquals(Math.sqrt(1 - 2 / Math.PI), Truncation.unitStddev(Double.NEGATIVE_INFINITY, 0), 1e-15, "its mirror");
        // [-1, 1]: 1 - 2 φ(1) / (Φ(1) - Φ(-1)), φ(1) = 0.24197072451914337, Φ(1) - Φ(-1) = 0.6826894921370859
        assertEquals(Math.sqrt(1 - 2 * 0.24197072451914337 / 0.6826894921370859), Truncation.unitStddev(-1, 1), 1e-15);
        assertEquals(0.5395600937548969, Truncation.unitStddev(-1, 1), 1e-15, "Python's value");
        // [7, 8]: nearly exponential above 7; Python's value, to the cancellation in 1 + (...) - mean^2 (mean about 7.14)
        assertEquals(0.13338997310339634, Truncation.unitStddev(7, 8), 1e-8);
    }

    @Test
    void everyLimitAtItsEdge() {
        float inf = Float.POSITIVE_INFINITY;
        new Truncation(0, 1, 1, -inf, inf);
        new Truncation(1, 0, Truncation.MIN_WIDTH, -1, 1);
        String masses = "must lie in [0, 1]";
        for (float[] bad : new float[][] {{-0.01f, 0.5f}, {1.01f, 0.5f}, {0.5f, -0.01f}, {0.5f, 1.01f}, {Float.NaN, 0.5f}, {0.5f, Float.NaN}}) {
            String message = assertThrows(IllegalArgumentException.class, () -> new Truncation(bad[0], bad[1], 0.5f, -inf, inf)).getMessage();
            assertEquals("tail masses " + bad[0] + " and " + bad[1] + " " + masses, message);
        }
        for (float bad : new float[] {Math.nextDown(Truncation.MIN_WIDTH), Math.nextUp(1f), Float.NaN}) {
            assertEquals("interval mass " + bad + " must lie in [2^-100, 1]", assertThrows(IllegalArgumentException.class,
                    () -> new Truncation(0.5f, 0.25f, bad, -inf, inf)).getMessage());
        }
        for (float[] bad : new float[][] {{1, 1}, {2, 1}, {Float.NaN, 1}, {0, Float.NaN}}) {
            assertEquals("bounds [" + bad[0] + ", " + bad[1] + "]: the lower must be below the upper", assertThrows(
                    IllegalArgumentException.class, () -> new Truncation(0.5f, 0.25f, 0.25f, bad[0], bad[1])).getMessage());
        }
        for (double[] bad : new double[][] {{1, 1}, {2, 1}, {Double.NaN, 1}, {0, Double.NaN}}) {
            assertEquals("bounds [" + bad[0] + ", " + bad[1] + "] (standardized): the lower bound must be below the upper", assertThrows(
                    IllegalArgumentException.class, () -> Truncation.of(bad[0], bad[1], -1, 1)).getMessage());
        }
        for (double[] bad : new double[][] {{1, 1}, {2, 1}, {Double.NaN, 1}}) {
            assertEquals("bounds [" + bad[0] + ", " + bad[1] + "]: the lower bound must be below the upper", assertThrows(
                    IllegalArgumentException.class, () -> Truncation.of(-1, 1, bad[0], bad[1])).getMessage(), "the value bounds, named as given");
        }
        // [38, 39] holds about 2.9e-316 of the normal: under 2^-100
        String far = assertThrows(IllegalArgumentException.class, () -> Truncation.of(38, 39, -inf, inf)).getMessage();
        assertEquals("bounds [38.0, 39.0] (standardized) hold ", far.substring(0, far.indexOf("hold ") + 5));
        assertEquals(" of the normal, less than 2^-100: too far in a tail to draw from (stream spec §3)", far.substring(far.indexOf(" of the")));
    }
}
