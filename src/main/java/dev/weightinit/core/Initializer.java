package dev.weightinit.core;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Makes the values of a tensor of a given shape and dtype. The value of each element depends only
 * on the initializer's config, the tensor's shape, dtype and stream, and the element's index, so
 * any slice can be made alone, on any backend, and equals that slice of the whole. A dialect
 * (Keras: {@code dev.weightinit.keras}) names and configures initializers; this contract is the
 * same for all of them and names no device API.
 *
 * <p>Implementations are immutable (an initializer may cache what it computed, such as
 * Orthogonal's last matrix, without changing any value) and thread-safe.
 */
public interface Initializer {

    /** The dialect's class name, e.g. Keras' {@code GlorotUniform}. */
    String className();

    /**
     * The dialect's {@code get_config()}: the constructor's arguments, in its key order. An unseeded
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
     * Writes elements {@code [start, start + count)} of {@code tensor} into {@code dst}, a buffer of
     * {@code backend}'s, from element {@code dstOffset}; returns when the values are in place.
     *
     * @throws IllegalArgumentException if the range is not inside the tensor, the values do not fit
     *                                  in {@code dst}, or the dtypes differ
     */
    void fill(TensorSpec tensor, long start, long count, Backend backend, DeviceBuffer dst, long dstOffset);

    /** A new initializer from this one's config: an unseeded one draws a new seed (Keras {@code clone()}). */
    Initializer copy();

    /** The expected standard deviation of the values of a tensor of this shape, where it is known in closed form. */
    default OptionalDouble expectedStddev(Shape shape) {
        return OptionalDouble.empty();
    }

    /** The largest {@code float[]} {@link #generate(Shape, Backend)} makes: the JVM's array limit. */
    long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * The whole tensor (stream 0) on {@code backend}, as float32 values.
     *
     * @throws IllegalArgumentException if it has more than {@link #MAX_ARRAY_ELEMENTS} elements
     */
    default float[] generate(Shape shape, Backend backend) {
        float[] values = WholeTensorArray.of(shape);
        long count = values.length;
        TensorSpec tensor = TensorSpec.of(shape, DType.FLOAT32);
        int chunk = (int) Math.min(count, 1 << 24);
        ByteBuffer bytes = ByteBuffer.allocateDirect(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < count; done += chunk) { // long: the last done + chunk may pass 2^31 - 1
            int n = (int) Math.min(chunk, count - done);
            bytes.clear().limit(n * 4);
            fill(tensor, done, bytes, backend);
            bytes.asFloatBuffer().get(values, (int) done, n);
        }
        return values;
    }

    /**
     * The whole tensor (stream 0) on {@code backend} as half-precision bits: IEEE binary16 for
     * {@code float16}, the top half of a float32's bits for {@code bfloat16}. The Keras-style call
     * for a half-precision tensor.
     *
     * @throws IllegalArgumentException if {@code dtype} is not a 16-bit float or the tensor has more
     *                                  than {@link #MAX_ARRAY_ELEMENTS} elements
     */
    default short[] generateHalves(Shape shape, DType dtype, Backend backend) {
        Backend.checkHalves(dtype);
        short[] values = WholeTensorArray.halves(shape);
        TensorSpec tensor = TensorSpec.of(shape, dtype);
        int chunk = (int) Math.min(Math.max(values.length, 1), 1 << 24);
        ByteBuffer bytes = ByteBuffer.allocateDirect(chunk * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < values.length; done += chunk) {
            int n = (int) Math.min(chunk, values.length - done);
            bytes.clear().limit(n * 2);
            fill(tensor, done, bytes, backend);
            bytes.asShortBuffer().get(values, (int) done, n);
        }
        return values;
    }

    /**
     * The whole tensor in any dtype, as a new little-endian heap buffer positioned at 0 (its bytes
     * are {@code array()}), of at most {@link #MAX_ARRAY_ELEMENTS} bytes. A heap buffer, not a direct
     * one: a new direct buffer per call costs fresh native memory and, once enough is pending release,
     * a garbage collection (16M bfloat16 values: 120 ms against 17 ms of filling). To fill native
     * memory, fill a buffer of {@link Backend#allocateHostBuffer} instead.
     *
     * @throws IllegalArgumentException if the tensor has more than {@link #MAX_ARRAY_ELEMENTS} bytes
     */
    default ByteBuffer generateBytes(TensorSpec tensor, Backend backend) {
        long elements = tensor.elementCount();
        int size = tensor.dtype().bytes();
        if (elements > MAX_ARRAY_ELEMENTS / size) {
            throw new IllegalArgumentException("tensor " + tensor.shape() + " of " + tensor.dtype().specName() + " is "
                    + (elements > Long.MAX_VALUE / size ? "more than 2^63 - 1" : Long.toString(elements * size))
                    + " bytes: a buffer holds at most 2^31 - 9; fill slices or a device buffer instead");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) (elements * size)).order(ByteOrder.LITTLE_ENDIAN);
        fill(tensor, 0, buffer, backend);
        return buffer;
    }

    /** The whole tensor on the default backend ({@link DefaultBackend}). */
    default float[] generate(long... dims) {
        return generate(Shape.of(dims), DefaultBackend.get());
    }

    /**
     * The whole tensor in a new buffer of {@code backend}'s (device memory on an OpenCL device); the
     * caller closes it. An empty tensor gets a buffer of one element.
     */
    default DeviceBuffer generate(TensorSpec tensor, Backend backend) {
        DeviceBuffer result = backend.allocate(Math.max(1, tensor.elementCount()), tensor.dtype());
        try {
            fill(tensor, 0, tensor.elementCount(), backend, result, 0);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }

    /**
     * The one rule for a host destination of every initializer: writable, a whole number of
     * elements of the tensor's dtype, and inside the tensor from {@code start}.
     *
     * @return the number of elements it holds
     * @throws IllegalArgumentException naming what is wrong
     */
    static long checkDestination(TensorSpec tensor, long start, ByteBuffer dst) {
        Backend.checkWritable(dst);
        long count = Backend.elementsIn(dst, tensor.dtype(), "destination");
        checkRange(tensor, start, count);
        return count;
    }

    /**
     * @throws IllegalArgumentException if {@code [start, start + count)} is not inside the tensor
     */
    static void checkRange(TensorSpec tensor, long start, long count) {
        Backend.checkInside(start, count, tensor.elementCount(), "tensor " + tensor.shape() + " of " + tensor.elementCount()
                + " elements");
    }
}
