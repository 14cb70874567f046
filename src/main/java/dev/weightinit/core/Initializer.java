package dev.weightinit.core;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
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
        return InitializerArrays.floats(this, shape, backend);
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
        return InitializerArrays.halves(this, shape, dtype, backend);
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
        return InitializerArrays.bytes(this, tensor, backend);
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
        return InitializerArrays.deviceBuffer(this, tensor, backend);
    }

    /**
     * The stream spec version whose sections this initializer's values follow: 1, or 2 for what
     * only version 2 draws (torch's {@code trunc_normal_} at bounds v1 has no form for). Files
     * record the largest over their tensors ({@code stream_spec}).
     */
    default int streamSpecVersion() {
        return 1;
    }
}
