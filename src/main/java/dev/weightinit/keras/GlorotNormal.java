package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import java.util.List;

/** Keras {@code GlorotNormal(seed=None)}: VarianceScaling(1.0, "fan_avg", "truncated_normal"): stddev {@code sqrt(2 / (fan_in + fan_out))} after truncation at ±2. */
public final class GlorotNormal extends VarianceScaling {
    static final Declaration<GlorotNormal> DECLARATION = preset("GlorotNormal", GlorotNormal::new, 1.0, "fan_avg", "truncated_normal");

    /** With a drawn seed. */
    public GlorotNormal() {
        this(DECLARATION.with());
    }

    public GlorotNormal(long seed) {
        this(DECLARATION.with("seed", seed));
    }

    /** With Keras 3.15's explicit fan axes (see {@link KerasFans}) and the seed or {@code null}. */
    public GlorotNormal(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        this(DECLARATION.with("seed", seed, "input_axes", inputAxes, "output_axes", outputAxes));
    }

    private GlorotNormal(Config config) {
        super(config);
    }
}
