package dev.weightinit.api;

import dev.weightinit.engine.Distribution;

/**
 * Keras {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}: {@code mean + stddev * z} with
 * {@code z} a unit normal truncated to {@code (-2, 2)}, so no value lies two standard deviations
 * from the mean or further. As in Keras, {@code stddev} is that of the normal before truncation.
 */
public final class TruncatedNormal extends MeanStddevInitializer {

    public TruncatedNormal() {
        this(0.0, 0.05, null);
    }

    /**
     * @param seed {@code null} draws a seed now (stream spec §5)
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public TruncatedNormal(double mean, double stddev, Long seed) {
        super("TruncatedNormal", Distribution.TRUNCATED_NORMAL, mean, stddev, seed);
    }

    @Override
    public Initializer copy() {
        return new TruncatedNormal(mean(), stddev(), seed().configured());
    }

    static TruncatedNormal fromConfig(ConfigReader config) {
        TruncatedNormal result = new TruncatedNormal(config.number("mean", 0.0), config.number("stddev", 0.05), config.seed());
        config.finish();
        return result;
    }
}
