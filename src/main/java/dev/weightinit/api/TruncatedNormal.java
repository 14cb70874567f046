package dev.weightinit.api;

import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}: {@code mean + stddev * z} with
 * {@code z} a unit normal truncated to {@code (-2, 2)}, so no value lies two standard deviations
 * from the mean or further. As in Keras, {@code stddev} is that of the normal before truncation.
 */
public final class TruncatedNormal extends ElementwiseInitializer implements Seeded {
    private final double mean;
    private final double stddev;
    private final Seed seed;

    public TruncatedNormal() {
        this(0.0, 0.05, null);
    }

    /**
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public TruncatedNormal(double mean, double stddev, Long seed) {
        this.mean = Arguments.finite("TruncatedNormal", "mean", mean);
        this.stddev = Arguments.nonNegative("TruncatedNormal", "stddev", stddev);
        this.seed = Seed.of(seed);
    }

    @Override
    public Seed seed() {
        return seed;
    }

    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        return random(seed, tensor, Distribution.TRUNCATED_NORMAL, mean, stddev);
    }

    @Override
    public String className() {
        return "TruncatedNormal";
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
        return new TruncatedNormal(mean, stddev, seed.configured());
    }

    static TruncatedNormal fromConfig(ConfigReader config) {
        TruncatedNormal result = new TruncatedNormal(config.number("mean", 0.0), config.number("stddev", 0.05), config.seed());
        config.finish();
        return result;
    }
}
