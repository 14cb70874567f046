package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.engine.Distribution;

/** Keras {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}: {@code mean + stddev * N(0, 1)} by Box–Muller. */
public final class RandomNormal extends MeanStddevInitializer {
    static final Declaration<RandomNormal> DECLARATION = declaration("RandomNormal", RandomNormal::new, Distribution.NORMAL);

    /** Mean 0, stddev 0.05, a drawn seed. */
    public RandomNormal() {
        this(DECLARATION.with());
    }

    /**
     * With a drawn seed (Keras {@code seed=None}, stream spec §5).
     *
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public RandomNormal(double mean, double stddev) {
        this(DECLARATION.with("mean", mean, "stddev", stddev));
    }

    /**
     * @throws IllegalArgumentException for a non-finite mean or a negative or non-finite stddev
     */
    public RandomNormal(double mean, double stddev, long seed) {
        this(DECLARATION.with("mean", mean, "stddev", stddev, "seed", seed));
    }

    private RandomNormal(Config config) {
        super(config, Distribution.NORMAL);
    }
}
