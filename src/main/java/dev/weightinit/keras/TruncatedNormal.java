package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.engine.Distribution;

/**
 * Keras {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}: {@code mean + stddev * z} with
 * {@code z} a unit normal truncated to {@code (-2, 2)}. As in Keras, {@code stddev} is that of the
 * normal before truncation. The truncation is of {@code z}; after the float32 arithmetic of
 * {@code mean + stddev * z} a value may round onto {@code mean ± 2 stddev} itself, never beyond it.
 */
public final class TruncatedNormal extends MeanStddevInitializer {
    static final Declaration<TruncatedNormal> DECLARATION = declaration("TruncatedNormal", TruncatedNormal::new,
            Distribution.TRUNCATED_NORMAL);

    /** Mean 0, stddev 0.05, a drawn seed. */
    public TruncatedNormal() {
        this(DECLARATION.with());
    }

    /**
     * With a drawn seed (Keras {@code seed=None}, stream spec §5).
     *
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public TruncatedNormal(double mean, double stddev) {
        this(DECLARATION.with("mean", mean, "stddev", stddev));
    }

    /**
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public TruncatedNormal(double mean, double stddev, long seed) {
        this(DECLARATION.with("mean", mean, "stddev", stddev, "seed", seed));
    }

    private TruncatedNormal(Config config) {
        super(config, Distribution.TRUNCATED_NORMAL);
    }
}
