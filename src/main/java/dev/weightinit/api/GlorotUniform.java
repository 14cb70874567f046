package dev.weightinit.api;

import java.util.List;

/** Keras {@code GlorotUniform(seed=None)}: VarianceScaling(1.0, "fan_avg", "uniform"): uniform within {@code ±sqrt(6 / (fan_in + fan_out))}. */
public final class GlorotUniform extends VarianceScaling.Preset {
    public GlorotUniform() {
        this(null);
    }

    public GlorotUniform(Long seed) {
        this(seed, null, null);
    }

    /** With Keras 3.15's explicit fan axes (see {@link Fans}). */
    public GlorotUniform(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        super(1.0, "fan_avg", "uniform", seed, inputAxes, outputAxes);
    }

    @Override
    public String className() {
        return "GlorotUniform";
    }

    @Override
    public Initializer copy() {
        return new GlorotUniform(seed().configured(), inputAxes(), outputAxes());
    }

    static GlorotUniform fromConfig(ConfigReader config) {
        GlorotUniform result = new GlorotUniform(config.seed(), config.integers("input_axes"), config.integers("output_axes"));
        config.finish();
        return result;
    }
}
