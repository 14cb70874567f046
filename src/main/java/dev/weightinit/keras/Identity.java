package dev.weightinit.keras;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;

/**
 * Keras {@code Identity(gain=1.0)}: {@code gain} on the main diagonal of a 2-D tensor, 0 elsewhere;
 * non-square shapes allowed (Keras' {@code eye(rows, cols)}). Unlike some Keras versions, the config
 * keeps {@code gain}.
 */
public final class Identity extends HostComputedInitializer {
    static final Declaration<Identity> DECLARATION = Declaration.of("Identity", Identity::new,
            Parameter.number("gain", 1.0).float32Range());

    public Identity() {
        this(DECLARATION.with());
    }

    /**
     * @throws IllegalArgumentException if {@code gain} is not a finite float32 value
     */
    public Identity(double gain) {
        this(DECLARATION.with("gain", gain));
    }

    private Identity(Config config) {
        super(config);
    }

    public double gain() {
        return config().number("gain");
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("Identity needs a 2-D shape, not " + shape + " of rank " + shape.rank());
        }
        long cols = shape.dim(1);
        float value = (float) gain();
        for (int i = 0; i < count; i++) {
            long index = start + i;
            out[i] = index / cols == index % cols ? value : 0.0f;
        }
    }

    @Override
    protected double largestMagnitude(Shape shape) {
        return Math.abs((float) gain());
    }
}
