package dev.weightinit.core;

import dev.weightinit.backend.FillArguments;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.ValueWriter;
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
        return new FillSpec(seed, tensor.stream(), affine.distribution(), offset, scale, tensor.dtype(),
                affine.distribution() == dev.weightinit.engine.Distribution.BOUNDED_NORMAL ? affine.truncation() : null);
    }

    @Override
    public final void fill(TensorSpec tensor, long start, ByteBuffer dst, Backend backend) {
        long count = TensorRanges.checkDestination(tensor, start, dst);
        if (tensor.dtype().isConstantOnly()) {
            writeConstant(tensor, dst.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN), dst.position(), count, backend);
            return;
        }
        backend.fill(fillSpec(tensor), start, dst);
    }

    /**
     * The value of this initializer in an integer or bool tensor: it must be a constant whose value
     * the type holds exactly.
     *
     * @throws IllegalArgumentException otherwise, naming the initializer and the dtype
     */
    private float constantFor(TensorSpec tensor) {
        Affine affine = affine(tensor.shape());
        double value = affine.offset();
        DType dtype = tensor.dtype();
        boolean exact = (float) value == value && value == Math.rint(value) && Math.abs(value) <= (1 << 24);
        if (affine.scale() != 0 || !exact || dtype == DType.BOOL && value != 0 && value != 1
                || dtype == DType.INT32 && Math.abs(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(className() + getConfig() + " cannot fill a " + dtype.specName() + " tensor: "
                    + dtype.specName() + " tensors hold constants (integers within 2^24" + (dtype == DType.BOOL ? ", 0 or 1" : "")
                    + "), not " + (affine.scale() != 0 ? "random values" : Double.toString(value)));
        }
        return (float) value;
    }

    private void writeConstant(TensorSpec tensor, ByteBuffer target, int byteOffset, long count, Backend backend) {
        if (!backend.isOpen()) {
            throw new IllegalStateException(backend.description() + " backend is closed");
        }
        float value = constantFor(tensor);
        int chunk = (int) Math.min(count, 1 << 16);
        float[] values = new float[Math.max(chunk, 1)];
        java.util.Arrays.fill(values, value);
        int bytes = tensor.dtype().bytes();
        for (long done = 0; done < count; done += chunk) {
            int n = (int) Math.min(chunk, count - done);
            ValueWriter.write(tensor.dtype(), values, n, target, byteOffset + (int) (done * bytes));
        }
    }

    @Override
    public final void fill(TensorSpec tensor, long start, long count, Backend backend, DeviceBuffer dst, long dstOffset) {
        TensorRanges.checkRange(tensor, start, count);
        if (tensor.dtype().isConstantOnly()) {
            int bytes = tensor.dtype().bytes();
            int chunk = (int) Math.min(Math.max(count, 1), 1 << 20);
            ByteBuffer staging = ByteBuffer.allocateDirect(chunk * bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (long done = 0; done < count; done += chunk) {
                int n = (int) Math.min(chunk, count - done);
                staging.clear().limit(n * bytes);
                writeConstant(tensor, staging, 0, n, backend);
                backend.write(dst, dstOffset + done, staging);
            }
            return;
        }
        backend.fill(fillSpec(tensor), start, count, dst, dstOffset);
    }

    /** The Keras-style call: the backend writes the array itself (no direct buffer, no second copy). */
    @Override
    public final float[] generate(Shape shape, Backend backend) {
        float[] values = WholeTensorArray.of(shape);
        backend.fill(fillSpec(TensorSpec.of(shape, DType.FLOAT32)), 0, values, 0, values.length);
        return values;
    }

    /** The half-precision form of {@link #generate(Shape, Backend)}: the backend writes the {@code short[]} itself. */
    @Override
    public final short[] generateHalves(Shape shape, DType dtype, Backend backend) {
        FillArguments.checkHalves(dtype);
        short[] values = WholeTensorArray.halves(shape);
        backend.fill(fillSpec(TensorSpec.of(shape, dtype)), 0, values, 0, values.length);
        return values;
    }

    @Override
    public OptionalDouble expectedStddev(Shape shape) {
        return OptionalDouble.of(affine(shape).stddev());
    }
}
