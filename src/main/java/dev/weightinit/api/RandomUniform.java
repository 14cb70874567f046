package dev.weightinit.api;

import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Keras {@code RandomUniform(minval=-0.05, maxval=0.05, seed=None)}: uniform on {@code [minval, maxval)}. */
public final class RandomUniform extends ElementwiseInitializer implements Seeded {
    private final double minval;
    private final double maxval;
    private final Seed seed;

    public RandomUniform() {
        this(-0.05, 0.05, null);
    }

    /**
     * @throws IllegalArgumentException for non-finite bounds or {@code minval > maxval}
     */
    public RandomUniform(double minval, double maxval, Long seed) {
        this.minval = Arguments.finite("RandomUniform", "minval", minval);
        this.maxval = Arguments.finite("RandomUniform", "maxval", maxval);
        if (minval > maxval) {
            throw new IllegalArgumentException("RandomUniform argument minval is " + minval + ", above maxval " + maxval
                    + ": expected minval <= maxval");
        }
        this.seed = Seed.of(seed);
    }

    @Override
    public Seed seed() {
        return seed;
    }

    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        return random(seed, tensor, Distribution.UNIFORM, minval, maxval - minval);
    }

    @Override
    public String className() {
        return "RandomUniform";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", seed.configured());
        config.put("minval", minval);
        config.put("maxval", maxval);
        return config;
    }

    @Override
    public Initializer copy() {
        return new RandomUniform(minval, maxval, seed.configured());
    }

    static RandomUniform fromConfig(ConfigReader config) {
        RandomUniform result = new RandomUniform(config.number("minval", -0.05), config.number("maxval", 0.05), config.seed());
        config.finish();
        return result;
    }
}
