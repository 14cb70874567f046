package dev.weightinit.api;

import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}: {@code mean + stddev * N(0, 1)} by Box–Muller. */
public final class RandomNormal extends ElementwiseInitializer implements Seeded {
    private final double mean;
    private final double stddev;
    private final Seed seed;

    public RandomNormal() {
        this(0.0, 0.05, null);
    }

    /**
     * @param seed {@code null} draws a seed now (stream spec §5)
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public RandomNormal(double mean, double stddev, Long seed) {
        this.mean = Arguments.finite("RandomNormal", "mean", mean);
        this.stddev = Arguments.nonNegative("RandomNormal", "stddev", stddev);
        this.seed = Seed.of(seed);
    }

    @Override
    public Seed seed() {
        return seed;
    }

    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        return random(seed, tensor, Distribution.NORMAL, mean, stddev);
    }

    @Override
    public String className() {
        return "RandomNormal";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", seed.configured());
        config.put("mean", mean);
        config.put("stddev", stddev);
        return config;
    }

    @Override
    public Initializer copy() {
        return new RandomNormal(mean, stddev, seed.configured());
    }

    static RandomNormal fromConfig(ConfigReader config) {
        RandomNormal result = new RandomNormal(config.number("mean", 0.0), config.number("stddev", 0.05), config.seed());
        config.finish();
        return result;
    }
}
