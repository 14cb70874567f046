package dev.weightinit.api;

import java.util.List;

/** Keras {@code GlorotNormal(seed=None)}: VarianceScaling(1.0, "fan_avg", "truncated_normal"): stddev {@code sqrt(2 / (fan_in + fan_out))} after truncation at ±2. */
public final class GlorotNormal extends VarianceScaling.Preset {
    public GlorotNormal() {
        this(null);
    }

    public GlorotNormal(Long seed) {
        this(seed, null, null);
    }

    /** With Keras 3.15's explicit fan axes (see {@link Fans}). */
    public GlorotNormal(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        super(1.0, "fan_avg", "truncated_normal", seed, inputAxes, outputAxes);
    }

    @Override
    public String className() {
        return "GlorotNormal";
    }

    @Override
    public Initializer copy() {
        return new GlorotNormal(seed().configured(), inputAxes(), outputAxes());
    }

    static GlorotNormal fromConfig(ConfigReader config) {
        GlorotNormal result = new GlorotNormal(config.seed(), config.integers("input_axes"), config.integers("output_axes"));
        config.finish();
        return result;
    }
}
