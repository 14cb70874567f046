package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import java.util.List;

/** Keras {@code GlorotUniform(seed=None)}: VarianceScaling(1.0, "fan_avg", "uniform"): uniform within {@code ±sqrt(6 / (fan_in + fan_out))}. */
public final class GlorotUniform extends VarianceScaling {
    static final Declaration<GlorotUniform> DECLARATION = preset("GlorotUniform", GlorotUniform::new, 1.0, "fan_avg", "uniform");

    /** With a drawn seed. */
    public GlorotUniform() {
        this(DECLARATION.with());
    }

    public GlorotUniform(long seed) {
        this(DECLARATION.with("seed", seed));
    }

    /** With Keras 3.15's explicit fan axes (see {@link KerasFans}) and the seed or {@code null}. */
    public GlorotUniform(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        this(DECLARATION.with("seed", seed, "input_axes", inputAxes, "output_axes", outputAxes));
    }

    private GlorotUniform(Config config) {
        super(config);
    }
}
