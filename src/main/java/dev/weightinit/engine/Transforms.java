package dev.weightinit.engine;

import static dev.weightinit.engine.StreamSpec.ERF_SQRT2;
import static dev.weightinit.engine.StreamSpec.SQRT2;
import static dev.weightinit.engine.StreamSpec.TWO_POW_M24;

/**
 * Stream spec §3: one Philox word (or a pair, for the normal) to one float32 value of the unit
 * distribution. Mirrors {@code kernels/fill.cl} operation by operation.
 *
 * <p>Thread-safe: stateless.
 */
public final class Transforms {
    private Transforms() {
    }

    /** {@code m(x)}: the top 24 bits of a word, in {@code [0, 2^24)}. */
    public static int top24(int word) {
        return word >>> 8;
    }

    /** Uniform in {@code [0, 1)}: {@code m(x) * 2^-24}, exact. */
    public static float uniform(int word) {
        return (float) top24(word) * TWO_POW_M24;
    }

    /** Box–Muller radius {@code sqrt(-2 ln u1)} with {@code u1 = (m(xa) + 1) * 2^-24} in {@code (0, 1]}. */
    public static float normalRadius(int evenWord) {
        float u1 = (float) (top24(evenWord) + 1) * TWO_POW_M24;
        return (float) Math.sqrt(-2.0f * Float32Math.ln(u1));
    }

    /** The even lane of a Box–Muller pair: {@code r * cos(2π m(xb) 2^-24)}. */
    public static float normalEven(float radius, int oddWord) {
        return radius * Float32Math.cos2pi(top24(oddWord));
    }

    /** The odd lane of a Box–Muller pair: {@code r * sin(2π m(xb) 2^-24)}. */
    public static float normalOdd(float radius, int oddWord) {
        return radius * Float32Math.sin2pi(top24(oddWord));
    }

    /**
     * Standard normal truncated to {@code (-2, 2)} by inverse CDF:
     * {@code sqrt(2) * erfinv(erf(sqrt(2)) * v)}, {@code v = (2 m(x) + 1 - 2^24) 2^-24}.
     */
    public static float truncatedNormal(int word) {
        float v = (float) (2 * top24(word) + 1 - (1 << 24)) * TWO_POW_M24;
        return SQRT2 * Float32Math.erfinv(ERF_SQRT2 * v);
    }

    /**
     * The standard normal cut to {@code t}'s interval (stream spec §3, version 2), unclamped: with
     * {@code u = (2 m(x) + 1) 2^-25} and {@code u' = (2^25 - 2 m(x) - 1) 2^-25} (each rounded once),
     * the masses below and above the point are {@code P + u W} and {@code R + u' W}; the smaller
     * one's quantile is taken, so neither tail loses precision to {@code 1 - p}.
     */
    public static float boundedNormal(int word, Truncation t) {
        int m = top24(word);
        float u = (float) (2 * m + 1) * 0x1p-25f;
        float v = (float) ((1 << 25) - 2 * m - 1) * 0x1p-25f;
        float below = t.lowerMass() + u * t.width();
        float above = t.upperMass() + v * t.width();
        return below <= above ? -Float32Math.normalUpperQuantile(below) : Float32Math.normalUpperQuantile(above);
    }
}
