package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import java.util.List;

/** Keras {@code HeNormal(seed=None)}: VarianceScaling(2.0, "fan_in", "truncated_normal"): stddev {@code sqrt(2 / fan_in)} after truncation at ±2. */
public final class HeNormal extends VarianceScaling {
    static final Declaration<HeNormal> DECLARATION = preset("HeNormal", HeNormal::new, 2.0, "fan_in", "truncated_normal");

    /** With a drawn seed. */
    public HeNormal() {
        this(DECLARATION.with());
    }

    public HeNormal(long seed) {
        this(DECLARATION.with("seed", seed));
    }

    /** With Keras 3.15's explicit fan axes (see {@link KerasFans}) and the seed or {@code null}. */
    public HeNormal(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        this(DECLARATION.with("seed", seed, "input_axes", inputAxes, "output_axes", outputAxes));
    }

    private HeNormal(Config config) {
        super(config);
    }
}
