package dev.weightinit.keras;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/**
 * Keras {@code RandomUniform(minval=-0.05, maxval=0.05, seed=None)}: {@code minval + (maxval - minval) * u}
 * with {@code u} uniform on {@code [0, 1)} in steps of 2^-24. The float32 arithmetic may round a
 * value onto {@code maxval} itself (as Keras' own float32 sampling can), never beyond it.
 */
public final class RandomUniform extends ElementwiseInitializer implements Seeded {
    static final Declaration<RandomUniform> DECLARATION = Declaration.of("RandomUniform", RandomUniform::new,
                    Parameter.seed(), Parameter.number("minval", -0.05).float32Range(),
                    Parameter.number("maxval", 0.05).float32Range())
            .constrained(c -> c.number("minval") <= c.number("maxval") ? null : "RandomUniform argument minval is "
                    + c.number("minval") + ", above maxval " + c.number("maxval") + ": expected minval <= maxval")
            .constrained(c -> Float.isFinite((float) (c.number("maxval") - c.number("minval"))) ? null
                    : "RandomUniform arguments minval " + c.number("minval") + " and maxval " + c.number("maxval")
                    + " are " + (c.number("maxval") - c.number("minval")) + " apart: expected a width within float32's range");

    /** On {@code [-0.05, 0.05]}, a drawn seed. */
    public RandomUniform() {
        this(DECLARATION.with());
    }

    /**
     * With a drawn seed (Keras {@code seed=None}, stream spec §5).
     *
     * @throws IllegalArgumentException for non-finite bounds or {@code minval > maxval}
     */
    public RandomUniform(double minval, double maxval) {
        this(DECLARATION.with("minval", minval, "maxval", maxval));
    }

    /**
     * @throws IllegalArgumentException for non-finite bounds or {@code minval > maxval}
     */
    public RandomUniform(double minval, double maxval, long seed) {
        this(DECLARATION.with("minval", minval, "maxval", maxval, "seed", seed));
    }

    private RandomUniform(Config config) {
        super(config);
    }

    public double minval() {
        return config().number("minval");
    }

    public double maxval() {
        return config().number("maxval");
    }

    @Override
    protected Affine affine(Shape shape) {
        return new Affine(Distribution.UNIFORM, minval(), maxval() - minval());
    }
}
