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
    /**
     * What the backends compute for {@code tensor}: the mapping with this initializer's seed and the tensor's stream.
     *
     * @throws IllegalArgumentException if some values would be beyond the dtype's finite range
     *                                  (they would be written as infinities), naming the config
     */
    public final FillSpec fillSpec(TensorSpec tensor) {
        Affine affine = affine(tensor.shape());
        float offset = (float) affine.offset();
        float scale = (float) affine.scale();
        double largest = Math.abs((double) offset) + Math.abs((double) scale) * affine.largestUnitValue();
        if (!Float.isFinite(offset) || !Float.isFinite(scale) || largest > tensor.dtype().largestFinite()) {
            throw new IllegalArgumentException(className() + getConfig() + " on " + tensor.shape() + " makes values up to "
                    + largest + " (offset a = " + affine.offset() + ", scale b = " + affine.scale() + "): beyond what "
                    + tensor.dtype().specName() + " holds (" + tensor.dtype().largestFinite() + ")");
        }
        long seed = this instanceof Seeded seeded ? seeded.seed().value() : 0L;
        return new FillSpec(seed, tensor.stream(), affine.distribution(), offset, scale, tensor.dtype());
    }

    @Override
    public final void fill(TensorSpec tensor, long start, ByteBuffer dst, Backend backend) {
        Initializer.checkDestination(tensor, start, dst);
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
