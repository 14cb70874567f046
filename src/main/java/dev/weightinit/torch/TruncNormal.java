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
 * {@code mean} and {@code std} cut to the absolute bounds {@code [a, b]}, as torch's bounds are.
 * Stream spec v1 has two exact forms of it: bounds at {@code mean ± 2 std} (the default for
 * {@code std = 1}) are its truncated normal; bounds that contain {@code mean ± 5.78 std} (such as
 * the common {@code trunc_normal_(std=0.02)}, cut at ±100 std) cut nothing the Box–Muller normal
 * can give, so they are its normal. Other bounds are refused: no v1 transform draws them.
 */
public final class TruncNormal extends ElementwiseInitializer implements Seeded {
    static final Declaration<TruncNormal> DECLARATION = Declaration.of("trunc_normal_", TruncNormal::new,
                    Parameter.number("mean", 0.0).float32Range(), Parameter.number("std", 1.0).nonNegative(),
                    Parameter.number("a", -2.0).float32Range(), Parameter.number("b", 2.0).float32Range(), Parameter.seed())
            .constrained(c -> form(c) != null ? null : "trunc_normal_ bounds a = " + c.number("a") + ", b = " + c.number("b")
                    + " for mean " + c.number("mean") + " and std " + c.number("std") + " are not in stream spec v1: expected "
                    + "bounds at mean ± 2 std, or bounds that contain mean ± " + Affine.NORMAL_REACH + " std");

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

    /** The transform these bounds are, or {@code null}. */
    private static Distribution form(Config c) {
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

    @Override
    protected Affine affine(Shape shape) {
        return new Affine(form(config()), config().number("mean"), config().number("std"));
    }
}
