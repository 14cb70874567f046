package dev.weightinit.core;

import dev.weightinit.engine.Distribution;

/**
 * The mapping of an elementwise initializer for one shape (stream spec §4): element values are
 * {@code a + b * z} with {@code z} from the unit {@code distribution}, {@code a} and {@code b}
 * computed in double and rounded once to float32.
 *
 * @param distribution the unit transform (never {@link Distribution#RAW_BITS})
 * @param a            offset, finite
 * @param b            scale, finite
 */
public record Affine(Distribution distribution, double a, double b) {
    public Affine {
        if (distribution == Distribution.RAW_BITS) {
            throw new IllegalArgumentException("an initializer's values are not raw bits");
        }
    }

    /** Every element {@code value} ({@code value + 0 * u}, so -0 becomes +0). */
    public static Affine constant(double value) {
        return new Affine(Distribution.UNIFORM, value, 0.0);
    }

    /** The standard deviation of the values (before rounding to float32). */
    public double stddev() {
        double scale = Math.abs((float) b);
        return switch (distribution) {
            case UNIFORM -> scale / Math.sqrt(12);
            case NORMAL -> scale;
            case TRUNCATED_NORMAL -> scale * dev.weightinit.engine.StreamSpec.TRUNCATED_STDDEV;
            case RAW_BITS -> Double.NaN;
        };
    }
}
