package dev.weightinit.api;

import dev.weightinit.engine.Distribution;

/** Keras {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}: {@code mean + stddev * N(0, 1)} by Box–Muller. */
public final class RandomNormal extends MeanStddevInitializer {

    public RandomNormal() {
        this(0.0, 0.05, null);
    }

    /**
     * @param seed {@code null} draws a seed now (stream spec §5)
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public RandomNormal(double mean, double stddev, Long seed) {
        super("RandomNormal", Distribution.NORMAL, mean, stddev, seed);
    }

    @Override
    public Initializer copy() {
        return new RandomNormal(mean(), stddev(), seed().configured());
    }

    static RandomNormal fromConfig(ConfigReader config) {
        RandomNormal result = new RandomNormal(config.number("mean", 0.0), config.number("stddev", 0.05), config.seed());
        config.finish();
        return result;
    }
}
