package dev.weightinit.core;

import dev.weightinit.engine.Distribution;

/**
 * The mapping of an elementwise initializer for one shape (stream spec §4): element values are
 * {@code offset + scale * z} with {@code z} from the unit {@code distribution} (the spec's {@code a}
 * and {@code b}), computed in double and rounded once to float32.
 *
 * @param distribution the unit transform (never {@link Distribution#RAW_BITS})
 * @param offset       {@code a}, finite
 * @param scale        {@code b}, finite
 */
public record Affine(Distribution distribution, double offset, double scale) {
    /** The largest {@code |z|} of the Box–Muller normal, {@code sqrt(2 * 24 * ln 2) = 5.77}, rounded up. */
    public static final double NORMAL_REACH = 5.78;

    public Affine {
        if (distribution == Distribution.RAW_BITS) {
            throw new IllegalArgumentException("an initializer's values are not raw bits");
        }
    }

    /** Every element {@code value} ({@code value + 0 * u}, so -0 becomes +0). */
    public static Affine constant(double value) {
        return new Affine(Distribution.UNIFORM, value, 0.0);
    }

    /**
     * The largest {@code |z|} the unit distribution gives (stream spec §3): 1 for uniform, 2 for the
     * truncated normal, {@code sqrt(2 * 24 * ln 2) = 5.77} for Box–Muller (rounded up).
     */
    public double largestUnitValue() {
        return switch (distribution) {
            case UNIFORM -> 1.0;
            case TRUNCATED_NORMAL -> 2.0;
            case NORMAL -> NORMAL_REACH;
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
            case RAW_BITS -> Double.NaN;
        };
    }
}
