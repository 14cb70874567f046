package dev.weightinit.api;

import java.util.List;

/** Keras {@code HeNormal(seed=None)}: VarianceScaling(2.0, "fan_in", "truncated_normal"): stddev {@code sqrt(2 / fan_in)} after truncation at ±2. */
public final class HeNormal extends VarianceScaling.Preset {
    public HeNormal() {
        this(null);
    }

    public HeNormal(Long seed) {
        this(seed, null, null);
    }

    /** With Keras 3.15's explicit fan axes (see {@link Fans}). */
    public HeNormal(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        super(2.0, "fan_in", "truncated_normal", seed, inputAxes, outputAxes);
    }

    @Override
    public String className() {
        return "HeNormal";
    }

    @Override
    public Initializer copy() {
        return new HeNormal(seed().configured(), inputAxes(), outputAxes());
    }

    static HeNormal fromConfig(ConfigReader config) {
        HeNormal result = new HeNormal(config.seed(), config.integers("input_axes"), config.integers("output_axes"));
        config.finish();
        return result;
    }
}
