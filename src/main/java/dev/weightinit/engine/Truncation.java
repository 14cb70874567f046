package dev.weightinit.engine;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * The host-computed constants of {@link Distribution#BOUNDED_NORMAL} (stream spec §3, version 2):
 * the standard normal cut to {@code [α, β]}, drawn by inverse CDF from one word per element. Element
 * values are {@code clamp(a + b * z, low, high)}.
 *
 * @param lowerMass {@code P = Φ(α)} rounded to float32: the normal's mass below the interval, in {@code [0, 1]}
 *                  (1 where the interval lies far in the upper tail: then only {@code R} and {@code W} are used)
 * @param upperMass {@code R = 1 - Φ(β)} rounded to float32: the mass above it, in {@code [0, 1]}
 * @param width     {@code W = Φ(β) - Φ(α)} rounded to float32 (computed without cancellation), at least {@link #MIN_WIDTH}
 * @param low       the smallest value an element may take (float32, may be {@code -∞})
 * @param high      the largest (float32, {@code > low}, may be {@code +∞})
 */
public record Truncation(float lowerMass, float upperMass, float width, float low, float high) {
    /**
     * The least normal mass an interval may hold, {@code 2^-100}: every probability the transform
     * takes the quantile of is then at least {@code 2^-125}, a normal float, and |z| stays within
     * {@link #REACH}.
     */
    public static final float MIN_WIDTH = 0x1p-100f;
    /** The largest |z| the transform gives, {@code Ψ(2^-125) = 12.9}, rounded up. */
    public static final double REACH = 13.0;
    /** The unit form the engine's own checks use (certification, warm-up): {@code [-6, 5.5]}, both tails of the quantile. */
    public static final Truncation REFERENCE = of(-6.0, 5.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    /** A far-tail form for the same checks, {@code [7, 8]}: every probability below {@code 2^-39}, the quantile's third branch. */
    public static final Truncation TAIL_REFERENCE = of(7.0, 8.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Truncation {
        if (!(lowerMass >= 0 && lowerMass <= 1 && upperMass >= 0 && upperMass <= 1)) {
            throw new IllegalArgumentException("tail masses " + lowerMass + " and " + upperMass + " must lie in [0, 1]");
        }
        if (!(width >= MIN_WIDTH && width <= 1)) {
            throw new IllegalArgumentException("interval mass " + width + " must lie in [2^-100, 1]");
        }
        if (!(low < high)) { // NaN too
            throw new IllegalArgumentException("bounds [" + low + ", " + high + "]: the lower must be below the upper");
        }
    }

    /**
     * The constants of the standard normal cut to {@code [alpha, beta]}, computed in double (the
     * complementary error function of Commons Numbers, accurate to a few ulp of double) and rounded
     * once to float32, with {@code low} rounded up and {@code high} rounded down to float32 (so a
     * clamped value never leaves {@code [low, high]}).
     *
     * @param alpha the lower standardized bound, {@code -∞} allowed
     * @param beta  the upper, above {@code alpha}, {@code +∞} allowed
     * @param low   the lower bound in value units (may be {@code -∞})
     * @param high  the upper bound in value units (may be {@code +∞})
     * @throws IllegalArgumentException if {@code alpha >= beta} or {@code low >= high}, any is NaN, or the
     *                                  interval holds less than {@link #MIN_WIDTH} of the normal (naming both bounds)
     */
    public static Truncation of(double alpha, double beta, double low, double high) {
        if (!(alpha < beta)) {
            throw new IllegalArgumentException("bounds [" + alpha + ", " + beta + "] (standardized): the lower bound must be below the upper");
        }
        if (!(low < high)) {
            throw new IllegalArgumentException("bounds [" + low + ", " + high + "]: the lower bound must be below the upper");
        }
        double below = lowerTail(alpha);
        double above = lowerTail(-beta);
        double width = mass(alpha, beta);
        if (!(width >= MIN_WIDTH)) {
            throw new IllegalArgumentException("bounds [" + alpha + ", " + beta + "] (standardized) hold " + width
                    + " of the normal, less than 2^-100: too far in a tail to draw from (stream spec §3)");
        }
        return new Truncation((float) below, (float) above, (float) width, roundUp(low), roundDown(high));
    }

    /** {@code Φ(β) - Φ(α)}, computed in the tail the interval lies in (no {@code 1 - Φ} cancellation). */
    private static double mass(double alpha, double beta) {
        if (alpha >= 0) {
            return lowerTail(-alpha) - lowerTail(-beta);
        }
        if (beta <= 0) {
            return lowerTail(beta) - lowerTail(alpha);
        }
        return 1 - lowerTail(alpha) - lowerTail(-beta);
    }

    /**
     * The standard deviation of the standard normal cut to {@code [alpha, beta]} (either infinite), in
     * double: {@code sqrt(1 + (α φ(α) - β φ(β)) / Z - ((φ(α) - φ(β)) / Z)^2)}, {@code Z} the interval's mass.
     */
    public static double unitStddev(double alpha, double beta) {
        double z = mass(alpha, beta);
        double pa = density(alpha);
        double pb = density(beta);
        double mean = (pa - pb) / z;
        double variance = 1 + (times(alpha, pa) - times(beta, pb)) / z - mean * mean;
        return Math.sqrt(Math.max(0, variance));
    }

    private static double density(double x) {
        return Double.isInfinite(x) ? 0 : 0x1.9884533d43651p-2 * Math.exp(-0.5 * x * x); // 1/sqrt(2π)
    }

    /** {@code x φ(x)}, 0 at infinity. */
    private static double times(double x, double density) {
        return Double.isInfinite(x) ? 0 : x * density;
    }

    /** {@code Φ(x) = erfc(-x / √2) / 2}, accurate in the lower tail. */
    static double lowerTail(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        return 0.5 * Erfc.value(-x * 0x1.6a09e667f3bcdp-1);
    }

    private static float roundUp(double x) {
        float f = (float) x;
        return f < x ? Math.nextUp(f) : f;
    }

    private static float roundDown(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }

    /** {@code v} clamped to {@code [low, high]} by two comparisons, as the kernels do ({@code -0} stays {@code -0}). */
    public float clamp(float v) {
        float above = v < low ? low : v;
        return above > high ? high : above;
    }
}
