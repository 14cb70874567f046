package dev.weightinit.core;

import org.apache.commons.numbers.gamma.Erfc;

/**
 * The standard deviation of the standard normal cut to {@code [α, β]}, in double:
 * {@code sqrt(1 + (α φ(α) - β φ(β)) / Z - ((φ(α) - φ(β)) / Z)^2)} with {@code Z = Φ(β) - Φ(α)},
 * {@code Z} computed in the tail the interval lies in (no {@code 1 - Φ} cancellation). Thread-safe: stateless.
 */
final class TruncatedMoments {
    private static final double SQRT_HALF = 0x1.6a09e667f3bcdp-1;
    private static final double INV_SQRT_2PI = 0x1.9884533d43651p-2;

    private TruncatedMoments() {
    }

    /** For {@code α < β}, either infinite. */
    static double stddev(double alpha, double beta) {
        double z = alpha >= 0 ? upper(alpha) - upper(beta) : beta <= 0 ? upper(-beta) - upper(-alpha) : 1 - upper(-alpha) - upper(beta);
        double pa = density(alpha);
        double pb = density(beta);
        double mean = (pa - pb) / z;
        double variance = 1 + (times(alpha, pa) - times(beta, pb)) / z - mean * mean;
        return Math.sqrt(Math.max(0, variance));
    }

    /** {@code 1 - Φ(x)}. */
    private static double upper(double x) {
        return Double.isInfinite(x) ? (x > 0 ? 0 : 1) : 0.5 * Erfc.value(x * SQRT_HALF);
    }

    private static double density(double x) {
        return Double.isInfinite(x) ? 0 : INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** {@code x φ(x)}, 0 at infinity. */
    private static double times(double x, double density) {
        return Double.isInfinite(x) ? 0 : x * density;
    }
}
