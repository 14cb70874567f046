package dev.weightinit.torch;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;

/**
 * {@code torch.nn.init.dirac_(tensor, groups=1)}: the Dirac delta of a convolution weight
 * {@code (out, in, *kernel)} of 3 to 5 dimensions, so the convolution preserves its input: for each
 * group {@code g} and {@code d < min(out / groups, in)}, element
 * {@code [g * out / groups + d, d, kernel centres]} is 1 (the centre of a size {@code k} is
 * {@code k / 2}, rounded down), every other element 0. Draws nothing.
 */
public final class Dirac extends HostComputedInitializer {
    static final Declaration<Dirac> DECLARATION = Declaration.of("dirac_", Dirac::new,
            Parameter.integer("groups", 1L).atLeast(1));

    public Dirac() {
        this(DECLARATION.with());
    }

    public Dirac(long groups) {
        this(DECLARATION.with("groups", groups));
    }

    private Dirac(Config config) {
        super(config);
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() < 3 || shape.rank() > 5) {
            throw new IllegalArgumentException("dirac_: only tensors with 3, 4, or 5 dimensions are supported, not " + shape);
        }
        long groups = config().integer("groups");
        if (shape.dim(0) % groups != 0) {
            throw new IllegalArgumentException("dirac_: dim 0 of " + shape + " must be divisible by groups " + groups);
        }
        long perGroup = shape.dim(0) / groups;
        long minDim = Math.min(perGroup, shape.dim(1));
        long[] dims = shape.dims();
        long kernel = 1;
        for (int axis = 2; axis < dims.length; axis++) {
            kernel *= dims[axis];
        }
        long centre = 0; // the flat index of the kernel centre within one (out, in) kernel
        for (int axis = 2; axis < dims.length; axis++) {
            centre = centre * dims[axis] + dims[axis] / 2;
        }
        for (int i = 0; i < count; i++) {
            long index = start + i;
            long within = index % kernel;
            long inChannel = (index / kernel) % dims[1];
            long outChannel = index / kernel / dims[1];
            long d = outChannel % perGroup;
            out[i] = within == centre && d == inChannel && d < minDim ? 1.0f : 0.0f;
        }
    }

    @Override
    protected double largestMagnitude(Shape shape) {
        return 1.0;
    }
}
