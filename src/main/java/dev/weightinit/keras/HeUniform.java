package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import java.util.List;

/** Keras {@code HeUniform(seed=None)}: VarianceScaling(2.0, "fan_in", "uniform"): uniform within {@code ±sqrt(6 / fan_in)}. */
public final class HeUniform extends VarianceScaling {
    static final Declaration<HeUniform> DECLARATION = preset("HeUniform", HeUniform::new, 2.0, "fan_in", "uniform");

    /** With a drawn seed. */
    public HeUniform() {
        this(DECLARATION.with());
    }

    public HeUniform(long seed) {
        this(DECLARATION.with("seed", seed));
    }

    /** With Keras 3.15's explicit fan axes (see {@link KerasFans}) and the seed or {@code null}. */
    public HeUniform(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        this(DECLARATION.with("seed", seed, "input_axes", inputAxes, "output_axes", outputAxes));
    }

    private HeUniform(Config config) {
        super(config);
    }
}
