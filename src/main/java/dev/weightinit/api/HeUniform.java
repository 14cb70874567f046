package dev.weightinit.api;

import java.util.List;

/** Keras {@code HeUniform(seed=None)}: VarianceScaling(2.0, "fan_in", "uniform"): uniform within {@code ±sqrt(6 / fan_in)}. */
public final class HeUniform extends VarianceScaling.Preset {
    public HeUniform() {
        this(null);
    }

    public HeUniform(Long seed) {
        this(seed, null, null);
    }

    /** With Keras 3.15's explicit fan axes (see {@link Fans}). */
    public HeUniform(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        super(2.0, "fan_in", "uniform", seed, inputAxes, outputAxes);
    }

    @Override
    public String className() {
        return "HeUniform";
    }

    @Override
    public Initializer copy() {
        return new HeUniform(seed().configured(), inputAxes(), outputAxes());
    }

    static HeUniform fromConfig(ConfigReader config) {
        HeUniform result = new HeUniform(config.seed(), config.integers("input_axes"), config.integers("output_axes"));
        config.finish();
        return result;
    }
}
