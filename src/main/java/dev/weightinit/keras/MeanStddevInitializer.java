package dev.weightinit.keras;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/** What {@link RandomNormal} and {@link TruncatedNormal} share: Keras' {@code (mean, stddev, seed)} and {@code mean + stddev * z}. */
abstract class MeanStddevInitializer extends ElementwiseInitializer implements Seeded {
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
