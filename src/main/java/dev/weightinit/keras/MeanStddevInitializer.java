package dev.weightinit.keras;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/** What {@link RandomNormal} and {@link TruncatedNormal} share: Keras' {@code (mean, stddev, seed)} and {@code mean + stddev * z}. */
abstract class MeanStddevInitializer extends ElementwiseInitializer implements Seeded {
    /** Keras' parameters and defaults, in its config order. */
    static final Parameter[] PARAMETERS = {Parameter.seed(), Parameter.number("mean", 0.0).float32Range(),
        Parameter.number("stddev", 0.05).nonNegative()};

    /**
     * A declaration of these parameters whose values fit float32: {@code |mean| + zmax * stddev}
     * finite, {@code zmax} the largest unit value of the transform.
     */
    static <T extends dev.weightinit.core.Initializer> Declaration<T> declaration(String className,
            java.util.function.Function<Config, T> factory, Distribution distribution) {
        double zmax = new Affine(distribution, 0, 1).largestUnitValue();
        return Declaration.of(className, factory, PARAMETERS).constrained(c -> {
            double largest = Math.abs(c.number("mean")) + zmax * c.number("stddev");
            return largest <= Float.MAX_VALUE ? null : className + " arguments mean " + c.number("mean") + " and stddev "
                    + c.number("stddev") + " make values up to " + largest + ": expected |mean| + " + zmax
                    + " * stddev <= " + Float.MAX_VALUE + " (float32's largest)";
        });
    }

    private final Distribution distribution;

    MeanStddevInitializer(Config config, Distribution distribution) {
        super(config);
        this.distribution = distribution;
    }

    public final double mean() {
        return config().number("mean");
    }

    public final double stddev() {
        return config().number("stddev");
    }

    @Override
    protected final Affine affine(Shape shape) {
        return new Affine(distribution, mean(), stddev());
    }
}
