package dev.weightinit.torch;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.OrthogonalMatrix;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;

/**
 * {@code torch.nn.init.orthogonal_(tensor, gain=1)}: torch flattens the tensor to
 * {@code (size(0), numel / size(0))} (Keras' {@code Orthogonal} flattens the other way) and makes
 * that matrix orthogonal ({@link OrthogonalMatrix}), times {@code gain}. The last matrix is cached.
 */
public final class Orthogonal extends HostComputedInitializer implements Seeded {
    static final Declaration<Orthogonal> DECLARATION = Declaration.of("orthogonal_", Orthogonal::new,
            Parameter.number("gain", 1.0).float32Range(), Parameter.seed());

    private final OrthogonalMatrix.Cache cache = new OrthogonalMatrix.Cache();

    /** Gain 1, a drawn seed. */
    public Orthogonal() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public Orthogonal(double gain) {
        this(DECLARATION.with("gain", gain));
    }

    public Orthogonal(double gain, long seed) {
        this(DECLARATION.with("gain", gain, "seed", seed));
    }

    private Orthogonal(Config config) {
        super(config);
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("orthogonal_: only tensors with 2 or more dimensions are supported, not " + shape);
        }
        long rows = shape.dim(0);
        long cols = rows == 0 ? 0 : shape.elementCount() / rows;
        float[] values = cache.get(tensor, () -> OrthogonalMatrix.compute("orthogonal_", shape, rows, cols, config().number("gain"),
                seed().value(), tensor.stream(), backend));
        System.arraycopy(values, (int) start, out, 0, count);
    }

    @Override
    protected double largestMagnitude(Shape shape) {
        return Math.abs(config().number("gain"));
    }

    /** The QR's expected time, when it is over 2 s ({@link OrthogonalMatrix#announcement}). */
    @Override
    public java.util.Optional<String> slowWork(Shape shape) {
        return shape.rank() < 2 ? java.util.Optional.empty() : OrthogonalMatrix.announcement(shape.dim(0), shape.elementCount() / Math.max(1, shape.dim(0)));
    }
}
