package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import java.util.List;

/** Keras {@code LecunUniform(seed=None)}: VarianceScaling(1.0, "fan_in", "uniform"): uniform within {@code ±sqrt(3 / fan_in)}. */
public final class LecunUniform extends VarianceScaling {
    static final Declaration<LecunUniform> DECLARATION = preset("LecunUniform", LecunUniform::new, 1.0, "fan_in", "uniform");

    /** With a drawn seed. */
    public LecunUniform() {
        this(DECLARATION.with());
    }

    public LecunUniform(long seed) {
        this(DECLARATION.with("seed", seed));
    }

    /** With Keras 3.15's explicit fan axes (see {@link KerasFans}) and the seed or {@code null}. */
    public LecunUniform(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        this(DECLARATION.with("seed", seed, "input_axes", inputAxes, "output_axes", outputAxes));
    }

    private LecunUniform(Config config) {
        super(config);
    }
}
