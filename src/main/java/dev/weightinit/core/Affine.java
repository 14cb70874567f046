package dev.weightinit.core;

import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.Truncation;

/**
 * The mapping of an elementwise initializer for one shape (stream spec §4): element values are
 * {@code offset + scale * z} with {@code z} from the unit {@code distribution} (the spec's {@code a}
 * and {@code b}), computed in double and rounded once to float32.
 *
 * @param distribution the unit transform (never {@link Distribution#RAW_BITS})
 * @param offset       {@code a}, finite
 * @param scale        {@code b}, finite
 * @param low          for {@link Distribution#BOUNDED_NORMAL}, the least value (may be {@code -∞}); else {@code -∞}
 * @param high         for {@link Distribution#BOUNDED_NORMAL}, the greatest value, above {@code low} (may be {@code +∞}); else {@code +∞}
 */
public record Affine(Distribution distribution, double offset, double scale, double low, double high) {
    /** The largest {@code |z|} of the Box–Muller normal, {@code sqrt(2 * 24 * ln 2) = 5.77}, rounded up. */
    public static final double NORMAL_REACH = 5.78;

    /** Any transform but {@link Distribution#BOUNDED_NORMAL}: no bounds. */
    public Affine(Distribution distribution, double offset, double scale) {
        this(distribution, offset, scale, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    public Affine {
        if (distribution == Distribution.RAW_BITS) {
            throw new IllegalArgumentException("an initializer's values are not raw bits");
        }
        if (distribution == Distribution.BOUNDED_NORMAL) {
            if (!(scale > 0) || !Double.isFinite(scale)) {
                throw new IllegalArgumentException("a bounded normal's scale (std) is " + scale + ": it must be positive and finite");
            }
            if (!(low < high)) {
                throw new IllegalArgumentException("bounds a = " + low + ", b = " + high + ": a must be below b");
            }
        } else if (low != Double.NEGATIVE_INFINITY || high != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("only a bounded normal has bounds, not " + distribution.specName());
        }
    }

    /** The bounds as standardized {@code [α, β] = [(low - offset) / scale, (high - offset) / scale]} with their host constants. */
    public Truncation truncation() {
        if (distribution != Distribution.BOUNDED_NORMAL) {
            throw new IllegalStateException(distribution.specName() + " has no bounds");
        }
        return Truncation.of(alpha(), beta(), low, high);
    }

    private double alpha() {
        return (low - offset) / scale;
    }

    private double beta() {
        return (high - offset) / scale;
    }

    /** Every element {@code value} ({@code value + 0 * u}, so -0 becomes +0). */
    public static Affine constant(double value) {
        return new Affine(Distribution.UNIFORM, value, 0.0);
    }

    /**
     * The largest {@code |z|} the unit distribution gives (stream spec §3): 1 for uniform, 2 for the
     * truncated normal, {@code sqrt(2 * 24 * ln 2) = 5.77} for Box–Muller (rounded up), the larger
     * bound (at most {@link Truncation#REACH}) for the bounded normal.
     */
    public double largestUnitValue() {
        return switch (distribution) {
            case UNIFORM -> 1.0;
            case TRUNCATED_NORMAL -> 2.0;
            case NORMAL -> NORMAL_REACH;
            case BOUNDED_NORMAL -> Math.min(Truncation.REACH, Math.max(Math.abs(alpha()), Math.abs(beta())));
            case RAW_BITS -> Double.NaN;
        };
    }

    /** The standard deviation of the values (before rounding to float32). */
    public double stddev() {
        double spread = Math.abs((float) scale);
        return switch (distribution) {
            case UNIFORM -> spread / Math.sqrt(12);
            case NORMAL -> spread;
            case TRUNCATED_NORMAL -> spread * dev.weightinit.engine.StreamSpec.TRUNCATED_STDDEV;
            case BOUNDED_NORMAL -> spread * Truncation.unitStddev(alpha(), beta());
            case RAW_BITS -> Double.NaN;
        };
    }
}
