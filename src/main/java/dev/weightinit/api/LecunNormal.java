package dev.weightinit.api;

import java.util.List;

/** Keras {@code LecunNormal(seed=None)}: VarianceScaling(1.0, "fan_in", "truncated_normal"): stddev {@code sqrt(1 / fan_in)} after truncation at ±2. */
public final class LecunNormal extends VarianceScaling.Preset {
    public LecunNormal() {
        this(null);
    }

    public LecunNormal(Long seed) {
        this(seed, null, null);
    }

    /** With Keras 3.15's explicit fan axes (see {@link Fans}). */
    public LecunNormal(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        super(1.0, "fan_in", "truncated_normal", seed, inputAxes, outputAxes);
    }

    @Override
    public String className() {
        return "LecunNormal";
    }

    @Override
    public Initializer copy() {
        return new LecunNormal(seed().configured(), inputAxes(), outputAxes());
    }

    static LecunNormal fromConfig(ConfigReader config) {
        LecunNormal result = new LecunNormal(config.seed(), config.integers("input_axes"), config.integers("output_axes"));
        config.finish();
        return result;
    }
}
