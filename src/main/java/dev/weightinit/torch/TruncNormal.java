package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/**
 * {@code torch.nn.init.trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0)}: a normal of
 * {@code mean} and {@code std} cut to the absolute bounds {@code [a, b]}, as torch's bounds are,
 * for any {@code a < b} ({@code a = -inf} or {@code b = inf} cut one side only: give them as
 * {@code -Infinity} / {@code Infinity}, or the strings {@code "-inf"} / {@code "inf"}).
 *
 * <p>The bounds stream spec v1 has exact forms for keep their v1 values: bounds at
 * {@code mean ± 2 std} are its truncated normal; bounds that contain {@code mean ± 5.78 std} (such as
 * the common {@code trunc_normal_(std=0.02)}, cut at ±100 std) cut nothing the Box–Muller normal can
 * give, so they are its normal. Every other interval is the bounded normal of stream spec version 2
 * (inverse CDF on the interval's tail masses, one word per element), with values clamped to
 * {@code [a, b]} as rounded to float32. torch draws differently (1.13 by {@code erfinv} of a
 * uniform in the CDF domain, 2.12 and later by rejection sampling): the same distribution, other
 * values; ours are the same on every device. Refused: {@code a >= b},
 * {@code std <= 0}, an interval holding less than {@code 2^-100} of the normal.
 */
public final class TruncNormal extends ElementwiseInitializer implements Seeded {
    static final Declaration<TruncNormal> DECLARATION = Declaration.of("trunc_normal_", TruncNormal::new,
                    Parameter.number("mean", 0.0).float32Range(), Parameter.number("std", 1.0).positiveFloat32(),
                    bound("a", -2.0), bound("b", 2.0), Parameter.seed())
            .constrained(TruncNormal::refusal);

    /** A bound: a number within float32's range, or an infinity (a Double, or the strings Python and NumPy write). */
    private static Parameter bound(String name, double defaultValue) {
        return Parameter.value(name, defaultValue, "a number within float32's range, or -inf / inf", v -> {
            Double value = null;
            if (v instanceof Number n && !(v instanceof java.math.BigInteger big && big.bitLength() > 1023)) {
                value = n.doubleValue();
            } else if (v instanceof String text) {
                value = switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
                    case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                    default -> null;
                };
            }
            return value == null || Double.isNaN(value) || Double.isFinite(value) && !Float.isFinite((float) (double) value) ? null : value;
        });
    }

    /** Why a config cannot be drawn, or {@code null}. */
    private static String refusal(Config c) {
        double a = c.number("a");
        double b = c.number("b");
        if (!(a < b)) {
            return "trunc_normal_ bounds a = " + a + ", b = " + b + ": a must be below b";
        }
        try {
            Affine affine = affineOf(c);
            if (affine.distribution() == Distribution.BOUNDED_NORMAL) {
                affine.truncation(); // refuses an interval too far in a tail
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "trunc_normal_(mean=" + c.number("mean") + ", std=" + c.number("std") + ", a=" + a + ", b=" + b + "): " + e.getMessage();
        }
    }

    /** torch's defaults, a drawn seed. */
    public TruncNormal() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public TruncNormal(double mean, double std, double a, double b) {
        this(DECLARATION.with("mean", mean, "std", std, "a", a, "b", b));
    }

    public TruncNormal(double mean, double std, double a, double b, long seed) {
        this(DECLARATION.with("mean", mean, "std", std, "a", a, "b", b, "seed", seed));
    }

    private TruncNormal(Config config) {
        super(config);
    }

    /** The v1 transform these bounds are exactly, or {@code null} (then the bounded normal of v2). */
    private static Distribution v1Form(Config c) {
        double mean = c.number("mean");
        double std = c.number("std");
        double a = c.number("a");
        double b = c.number("b");
        double tolerance = 1e-12 * Math.max(1, Math.abs(mean) + 2 * std);
        if (Math.abs(a - (mean - 2 * std)) <= tolerance && Math.abs(b - (mean + 2 * std)) <= tolerance) {
            return Distribution.TRUNCATED_NORMAL;
        }
        double reach = Affine.NORMAL_REACH * std;
        if (a <= mean - reach && b >= mean + reach && Math.abs(mean) + reach <= Float.MAX_VALUE) {
            return Distribution.NORMAL;
        }
        return null;
    }

    private static Affine affineOf(Config c) {
        Distribution v1 = v1Form(c);
        return v1 != null ? new Affine(v1, c.number("mean"), c.number("std"))
                : new Affine(Distribution.BOUNDED_NORMAL, c.number("mean"), c.number("std"), c.number("a"), c.number("b"));
    }

    @Override
    protected Affine affine(Shape shape) {
        return affineOf(config());
    }

    /** 1 where stream spec v1 has these bounds, else 2 (the bounded normal). */
    @Override
    public int streamSpecVersion() {
        return v1Form(config()) != null ? 1 : 2;
    }
}
