package dev.weightinit.torch;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;

/** {@code torch.nn.init.eye_(tensor)}: the identity of a 2-D tensor (1 on the diagonal, also non-square), drawing nothing. */
public final class Eye extends HostComputedInitializer {
    static final Declaration<Eye> DECLARATION = Declaration.of("eye_", Eye::new);

    public Eye() {
        this(DECLARATION.with());
    }

    private Eye(Config config) {
        super(config);
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("eye_: only tensors with 2 dimensions are supported, not " + shape);
        }
        long cols = shape.dim(1);
        for (int i = 0; i < count; i++) {
            long index = start + i;
            out[i] = index / cols == index % cols ? 1.0f : 0.0f;
        }
    }

    @Override
    protected double largestMagnitude(Shape shape) {
        return 1.0;
    }
}
