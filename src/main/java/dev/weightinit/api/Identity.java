package dev.weightinit.api;

import dev.weightinit.backend.Backend;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras {@code Identity(gain=1.0)}: {@code gain} on the main diagonal of a 2-D tensor, 0 elsewhere;
 * non-square shapes allowed (Keras' {@code eye(rows, cols)}). Unlike some Keras versions, the config
 * keeps {@code gain}.
 */
public final class Identity extends HostComputedInitializer {
    private final double gain;

    public Identity() {
        this(1.0);
    }

    /**
     * @throws IllegalArgumentException if {@code gain} is not finite
     */
    public Identity(double gain) {
        this.gain = Arguments.finite("Identity", "gain", gain);
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("Identity needs a 2-D shape, not " + shape + " of rank " + shape.rank());
        }
        long cols = shape.dim(1);
        float value = (float) gain;
        for (int i = 0; i < count; i++) {
            long index = start + i;
            out[i] = index / cols == index % cols ? value : 0.0f;
        }
    }

    @Override
    public String className() {
        return "Identity";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("gain", gain);
        return config;
    }

    @Override
    public Initializer copy() {
        return new Identity(gain);
    }

    static Identity fromConfig(ConfigReader config) {
        Identity result = new Identity(config.number("gain", 1.0));
        config.finish();
        return result;
    }
}
