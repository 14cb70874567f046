package dev.weightinit.api;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.opencl.DeviceTensor;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.OptionalDouble;
import org.jocl.cl_mem;

/**
 * A Keras initializer: makes the values of a tensor of a given shape and dtype. The value of each
 * element depends only on the initializer's config, the tensor's shape, dtype and stream, and the
 * element's index, so any slice can be made alone, on any backend, and equals that slice of the
 * whole.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Initializer {

    /** The Keras class name, e.g. {@code GlorotUniform}. */
    String className();

    /**
     * The Keras {@code get_config()}: the constructor's arguments, in Keras' key order. An unseeded
     * initializer's {@code seed} is {@code null}, as in Keras.
     */
    Map<String, Object> getConfig();

    /**
     * Writes elements {@code [start, start + n)} of {@code tensor} into {@code dst} from its position,
     * little-endian, {@code n = dst.remaining() / dtype bytes}; the buffer's position is unchanged.
     *
     * @throws IllegalArgumentException if the shape does not suit this initializer or the range
     *                                  is not inside the tensor
     */
    void fill(TensorSpec tensor, long start, ByteBuffer dst, Backend backend);

    /**
     * Writes elements {@code [start, start + count)} of {@code tensor} into a device buffer from
     * element {@code dstOffset}; returns when the values are in place.
     */
    void fill(TensorSpec tensor, long start, long count, OpenClBackend device, cl_mem dst, long dstOffset);

    /** A new initializer from this one's config: an unseeded one draws a new seed (Keras {@code clone()}). */
    Initializer copy();

    /** The expected standard deviation of the values of a tensor of this shape, where it is known in closed form. */
    default OptionalDouble expectedStddev(Shape shape) {
        return OptionalDouble.empty();
    }

    /** The whole tensor (stream 0) on {@code backend}, as float32 values; under 2^31 elements. */
    default float[] generate(Shape shape, Backend backend) {
        long count = shape.elementCount();
        if (count > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("shape " + shape + " has " + count
                    + " elements: a float[] holds at most 2^29 here; fill slices or a device tensor instead");
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
        fill(TensorSpec.of(shape, DType.FLOAT32), 0, bytes, backend);
        float[] values = new float[(int) count];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /**
     * The whole tensor in any dtype, as a new little-endian buffer positioned at 0; under 2^31 bytes.
     */
    default ByteBuffer generateBytes(TensorSpec tensor, Backend backend) {
        long bytes = tensor.elementCount() * tensor.dtype().bytes();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + tensor.shape() + " of " + tensor.dtype().specName() + " is " + bytes
                    + " bytes: a buffer holds at most 2^31 - 1; fill slices or a device tensor instead");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill(tensor, 0, buffer, backend);
        return buffer;
    }

    /** The whole tensor on the default backend ({@link DefaultBackend}). */
    default float[] generate(long... dims) {
        return generate(Shape.of(dims), DefaultBackend.get());
    }

    /** The whole tensor in a new device tensor, split over several buffers if the device needs it. */
    default DeviceTensor generate(TensorSpec tensor, OpenClBackend device) {
        DeviceTensor result = device.allocate(Math.max(1, tensor.elementCount()), tensor.dtype());
        try {
            for (DeviceTensor.Segment segment : result.segments()) {
                long count = Math.min(segment.count(), tensor.elementCount() - segment.first());
                if (count > 0) {
                    fill(tensor, segment.first(), count, device, segment.memory(), 0);
                }
            }
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    /**
     * @throws IllegalArgumentException if {@code [start, start + count)} is not inside the tensor
     */
    static void checkRange(TensorSpec tensor, long start, long count) {
        long elements = tensor.elementCount();
        if (start < 0 || count < 0 || start > elements || count > elements - start) {
            throw new IllegalArgumentException("elements [" + start + ", " + start + " + " + count + ") are outside tensor "
                    + tensor.shape() + " of " + elements + " elements");
        }
    }
}
