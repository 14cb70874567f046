package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import java.util.List;

/** Keras {@code LecunNormal(seed=None)}: VarianceScaling(1.0, "fan_in", "truncated_normal"): stddev {@code sqrt(1 / fan_in)} after truncation at ±2. */
public final class LecunNormal extends VarianceScaling {
    static final Declaration<LecunNormal> DECLARATION = preset("LecunNormal", LecunNormal::new, 1.0, "fan_in", "truncated_normal");

    /** With a drawn seed. */
    public LecunNormal() {
        this(DECLARATION.with());
    }

    public LecunNormal(long seed) {
        this(DECLARATION.with("seed", seed));
    }

    /** With Keras 3.15's explicit fan axes (see {@link KerasFans}) and the seed or {@code null}. */
    public LecunNormal(Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
        this(DECLARATION.with("seed", seed, "input_axes", inputAxes, "output_axes", outputAxes));
    }

    private LecunNormal(Config config) {
        super(config);
    }
}
