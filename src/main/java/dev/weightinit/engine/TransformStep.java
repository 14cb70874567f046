package dev.weightinit.engine;

/**
 * The per-lane steps of stream spec §3, each a function of one 24-bit integer {@code m = x >>> 8}
 * of a Philox word, so each has exactly 2^24 inputs. Every value of the spec is one of these
 * followed by IEEE-exact scaling and rounding (§4), so a device that computes all 2^24 inputs of
 * every step as {@link #reference} does computes every value of the spec.
 *
 * <p>The constants are in the order of {@code kernels/steps.cl}'s output arguments.
 */
public enum TransformStep {
    /** {@link Transforms#uniform} of the word {@code m << 8}. */
    UNIFORM("uniform"),
    /** {@link Transforms#normalRadius} of the even word {@code m << 8}: {@code sqrt(-2 ln u1)}. */
    NORMAL_RADIUS("normal radius"),
    /** {@link Float32Math#sin2pi}{@code (m)}: the odd normal lane's angle. */
    SIN_2PI("sin(2 pi t)"),
    /** {@link Float32Math#cos2pi}{@code (m)}: the even normal lane's angle. */
    COS_2PI("cos(2 pi t)"),
    /** {@link Transforms#truncatedNormal} of the word {@code m << 8}. */
    TRUNCATED_NORMAL("truncated normal"),
    /** {@link Transforms#boundedNormal} of the word {@code m << 8} cut to {@link Truncation#REFERENCE}: the quantile's first two branches. */
    BOUNDED_NORMAL("bounded normal [-6, 5.5]"),
    /** The same cut to {@link Truncation#TAIL_REFERENCE}: its third, far-tail branch. */
    BOUNDED_NORMAL_TAIL("bounded normal [7, 8]");

    /** Inputs of every step: {@code m} in {@code [0, 2^24)}. */
    public static final int INPUTS = 1 << 24;

    private final String description;

    TransformStep(String description) {
        this.description = description;
    }

    /** A short name for reports. */
    public String description() {
        return description;
    }

    /**
     * The float32 bits of this step at {@code m}, computed by the Java reference.
     *
     * @param m an integer in {@code [0, 2^24)}
     */
    public int reference(int m) {
        int word = m << 8;
        float value = switch (this) {
            case UNIFORM -> Transforms.uniform(word);
            case NORMAL_RADIUS -> Transforms.normalRadius(word);
            case SIN_2PI -> Float32Math.sin2pi(m);
            case COS_2PI -> Float32Math.cos2pi(m);
            case TRUNCATED_NORMAL -> Transforms.truncatedNormal(word);
            case BOUNDED_NORMAL -> Transforms.boundedNormal(word, Truncation.REFERENCE);
            case BOUNDED_NORMAL_TAIL -> Transforms.boundedNormal(word, Truncation.TAIL_REFERENCE);
        };
        return Float.floatToRawIntBits(value);
    }
}
