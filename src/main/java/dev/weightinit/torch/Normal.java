package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/** {@code torch.nn.init.normal_(tensor, mean=0.0, std=1.0)}: {@code mean + std * N(0, 1)} by Box–Muller. */
public final class Normal extends ElementwiseInitializer implements Seeded {
    static final Declaration<Normal> DECLARATION = Declaration.of("normal_", Normal::new,
                    Parameter.number("mean", 0.0).float32Range(), Parameter.number("std", 1.0).nonNegative(), Parameter.seed())
            .constrained(c -> Math.abs(c.number("mean")) + Affine.NORMAL_REACH * c.number("std") <= Float.MAX_VALUE ? null
                    : "normal_ arguments mean " + c.number("mean") + " and std " + c.number("std") + " make values beyond float32");

    /** torch's defaults, a drawn seed. */
    public Normal() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public Normal(double mean, double std) {
        this(DECLARATION.with("mean", mean, "std", std));
    }

    public Normal(double mean, double std, long seed) {
        this(DECLARATION.with("mean", mean, "std", std, "seed", seed));
    }

    private Normal(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        return new Affine(Distribution.NORMAL, config().number("mean"), config().number("std"));
    }
}
