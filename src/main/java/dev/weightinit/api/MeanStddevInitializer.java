package dev.weightinit.api;

import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link RandomNormal} and {@link TruncatedNormal} share: {@code mean + stddev * z} for one
 * unit normal transform, with Keras' {@code (mean, stddev, seed)} arguments and config.
 */
abstract class MeanStddevInitializer extends ElementwiseInitializer implements Seeded {
    private final String className;
    private final Distribution distribution;
    private final double mean;
    private final double stddev;
    private final Seed seed;

    /**
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    MeanStddevInitializer(String className, Distribution distribution, double mean, double stddev, Long seed) {
        this.className = className;
        this.distribution = distribution;
        this.mean = Arguments.finite(className, "mean", mean);
        this.stddev = Arguments.nonNegative(className, "stddev", stddev);
        this.seed = Seed.of(seed);
    }

    @Override
    public final String className() {
        return className;
    }

    public double mean() {
        return mean;
    }

    public double stddev() {
        return stddev;
    }

    @Override
    public Seed seed() {
        return seed;
    }

    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        return random(seed, tensor, distribution, mean, stddev);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", seed.configured());
        config.put("mean", mean);
        config.put("stddev", stddev);
        return config;
    }
}
