package dev.weightinit.api;

import java.util.List;

/** Keras {@code LecunUniform(seed=None)}: VarianceScaling(1.0, "fan_in", "uniform"): uniform within {@code ±sqrt(3 / fan_in)}. */
public final class LecunUniform extends VarianceScaling.Preset {
    public LecunUniform() {
        this(null);
    }

    public LecunUniform(Long seed) {
        this(seed, null, null);
    }

    /** With Keras 3.15's explicit fan axes (see {@link Fans}). */
    public LecunUniform(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        super(1.0, "fan_in", "uniform", seed, inputAxes, outputAxes);
    }

    @Override
    public String className() {
        return "LecunUniform";
    }

    @Override
    public Initializer copy() {
        return new LecunUniform(seed().configured(), inputAxes(), outputAxes());
    }

    static LecunUniform fromConfig(ConfigReader config) {
        LecunUniform result = new LecunUniform(config.seed(), config.integers("input_axes"), config.integers("output_axes"));
        config.finish();
        return result;
    }
}
