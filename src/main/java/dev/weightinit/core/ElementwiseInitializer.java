package dev.weightinit.core;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.util.OptionalDouble;

/**
 * An initializer whose every element is {@code a + b * z} of one stream-spec transform: the
 * random initializers, and the constant ones with {@code b = 0}. A subclass gives its mapping,
 * shape to {@link Affine}; any slice is then generated directly on any backend.
 *
 * <p>Immutable and thread-safe.
 */
public abstract class ElementwiseInitializer extends DeclaredInitializer {

    protected ElementwiseInitializer(Config config) {
        super(config);
    }

    /**
     * The mapping: the transform and {@code a}, {@code b} for a tensor of {@code shape}.
     *
     * @throws IllegalArgumentException if the shape does not suit this initializer
     */
    protected abstract Affine affine(Shape shape);

    /** What the backends compute for {@code tensor}: the mapping with this initializer's seed and the tensor's stream. */
    public final FillSpec fillSpec(TensorSpec tensor) {
        Affine affine = affine(tensor.shape());
        long seed = this instanceof Seeded seeded ? seeded.seed().value() : 0L;
        return new FillSpec(seed, tensor.stream(), affine.distribution(), (float) affine.offset(), (float) affine.scale(), tensor.dtype());
    }

    @Override
    public final void fill(TensorSpec tensor, long start, ByteBuffer dst, Backend backend) {
        Initializer.checkRange(tensor, start, dst.remaining() / tensor.dtype().bytes());
        backend.fill(fillSpec(tensor), start, dst);
    }

    @Override
    public final void fill(TensorSpec tensor, long start, long count, Backend backend, DeviceBuffer dst, long dstOffset) {
        Initializer.checkRange(tensor, start, count);
        backend.fill(fillSpec(tensor), start, count, dst, dstOffset);
    }

    @Override
    public OptionalDouble expectedStddev(Shape shape) {
        return OptionalDouble.of(affine(shape).stddev());
    }
}
