package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.gamma.InverseErf;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive accuracy of {@link Float32Math} over every argument stream spec §3 can give it
 * (2^24 each), in ulp of the float32 binade of the double-precision reference value. The maxima
 * are printed; docs/design.md ("The stream spec") records them.
 */
class Float32MathAccuracyTest {
    private static final double MAX_ULP = 2.0;
    private static final int N = 1 << 24;

    /** Error of {@code actual} in units of the last place of a float32 in the binade of {@code reference}. */
    static double ulpError(float actual, double reference) {
        if (reference == 0.0) {
            return actual == 0.0f ? 0.0 : Double.POSITIVE_INFINITY;
        }
        int exponent = Math.max(Math.getExponent(reference), Float.MIN_EXPONENT);
        return Math.abs(actual - reference) / Math.scalb(1.0, exponent - 23);
    }

    @Test
    void lnIsWithinTwoUlpOfEveryBoxMullerArgument() {
        double max = 0;
        int worst = 0;
        for (int k = 1; k <= N; k++) {
            float u1 = (float) k * 0x1p-24f;
            double error = ulpError(Float32Math.ln(u1), Math.log(u1));
            if (error > max) {
                max = error;
                worst = k;
            }
        }
        System.out.printf("ln: max error %.3f ulp at u1 = %d * 2^-24%n", max, worst);
        assertTrue(max <= MAX_ULP, "ln max error " + max + " ulp at k = " + worst);
        assertEquals(0.0f, Float32Math.ln(1.0f));
    }

    @Test
    void sinAndCosOfTwoPiTAreWithinTwoUlpForEveryT() {
        double maxSin = 0;
        double maxCos = 0;
        for (int m = 0; m < N; m++) {
            // Reference by the same exact quadrant reduction, then double precision on [0, π/2).
            int quadrant = m >>> 22;
            double angle = 2 * Math.PI * (m & 0x3F_FFFF) * 0x1p-24;
            double s = Math.sin(angle);
            double c = Math.cos(angle);
            double refSin = switch (quadrant) { case 0 -> s; case 1 -> c; case 2 -> -s; default -> -c; };
            double refCos = switch (quadrant) { case 0 -> c; case 1 -> -s; case 2 -> -c; default -> s; };
            maxSin = Math.max(maxSin, ulpError(Float32Math.sin2pi(m), refSin));
            maxCos = Math.max(maxCos, ulpError(Float32Math.cos2pi(m), refCos));
        }
        System.out.printf("sin2pi: max error %.3f ulp; cos2pi: max error %.3f ulp%n", maxSin, maxCos);
        assertTrue(maxSin <= MAX_ULP, "sin2pi max error " + maxSin + " ulp");
        assertTrue(maxCos <= MAX_ULP, "cos2pi max error " + maxCos + " ulp");
    }

    @Test
    void erfinvIsWithinTwoUlpOfEveryTruncatedNormalArgument() {
        double max = 0;
        float worst = 0;
        for (int m = 0; m < N; m++) {
            float v = (float) (2 * m + 1 - N) * 0x1p-24f;
            float x = StreamSpec.ERF_SQRT2 * v;
            float actual = Float32Math.erfinv(x);
            double error = ulpError(actual, InverseErf.value(x));
            if (error > max) {
                max = error;
                worst = x;
            }
            if (Float32Math.erfinv(-x) != -actual) {
                throw new AssertionError("erfinv is not odd at " + x);
            }
        }
        System.out.printf("erfinv: max error %.3f ulp at x = %s%n", max, worst);
        assertTrue(max <= MAX_ULP, "erfinv max error " + max + " ulp at x = " + worst);
    }

    /**
     * Ψ (version 2) against Commons Statistics' inverse survival function of the standard normal
     * (double, accurate in the far tail) at every 37th float from 2^-125 to 0.5 (27M arguments, every
     * branch and both branch points), within 7 ulp (6.34 measured, at p = 1.4e-11 where the second and
     * third branches meet): the float32 rounding of AS 241 PPND7's
     * coefficients and arithmetic (PPND7 itself is good to about 1e-7 relative).
     */
    @Test
    void normalUpperQuantileIsWithinSevenUlpFromTwoToTheMinus125ToOneHalf() {
        org.apache.commons.statistics.distribution.NormalDistribution normal =
                org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1);
        double max = 0;
        float worst = 0;
        int first = Float.floatToIntBits(0x1p-125f);
        int last = Float.floatToIntBits(0.5f);
        for (int bits = first; bits <= last; bits += 37) {
            float p = Float.intBitsToFloat(bits);
            double error = ulpError(Float32Math.normalUpperQuantile(p), normal.inverseSurvivalProbability(p));
            if (error > max) {
                max = error;
                worst = p;
            }
        }
        System.out.printf("normalUpperQuantile: max error %.3f ulp at p = %s%n", max, worst);
        assertTrue(max <= 7, "Psi max error " + max + " ulp at p = " + worst);
        assertEquals(0f, Float32Math.normalUpperQuantile(0.5f), 0f);
    }

    @Test
    void ulpErrorCatchesAnErrorOfThreeUlp() {
        // The measure itself must be able to fail: three float steps away from 1.5 is 3 ulp.
        float off = Math.nextUp(Math.nextUp(Math.nextUp(1.5f)));
        assertEquals(3.0, ulpError(off, 1.5), 1e-12);
        assertTrue(ulpError(Float32Math.ln(0.5f) * (1 + 0x1p-21f), Math.log(0.5)) > MAX_ULP);
    }
}
