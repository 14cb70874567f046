package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/** {@code torch.nn.init.uniform_(tensor, a=0.0, b=1.0)}: {@code a + (b - a) * u}, {@code u} uniform on {@code [0, 1)}. */
public final class Uniform extends ElementwiseInitializer implements Seeded {
    static final Declaration<Uniform> DECLARATION = Declaration.of("uniform_", Uniform::new,
                    Parameter.number("a", 0.0).float32Range(), Parameter.number("b", 1.0).float32Range(), Parameter.seed())
            .constrained(c -> c.number("a") <= c.number("b") ? null : "uniform_ expects a <= b, not a = " + c.number("a")
                    + " > b = " + c.number("b"))
            .constrained(c -> Float.isFinite((float) (c.number("b") - c.number("a"))) ? null
                    : "uniform_ arguments a and b are too far apart for float32");

    /** torch's defaults, a drawn seed. */
    public Uniform() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public Uniform(double a, double b) {
        this(DECLARATION.with("a", a, "b", b));
    }

    public Uniform(double a, double b, long seed) {
        this(DECLARATION.with("a", a, "b", b, "seed", seed));
    }

    private Uniform(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        return new Affine(Distribution.UNIFORM, config().number("a"), config().number("b") - config().number("a"));
    }
}
