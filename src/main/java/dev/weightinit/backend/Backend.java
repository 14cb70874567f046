package dev.weightinit.backend;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;

/**
 * Something that computes elements of stream-spec tensors: an OpenCL device or the Java fallback.
 * Every backend writes the same bits for the same (spec, element index); a backend whose device
 * cannot promise that says so through {@link #bitExact()}.
 *
 * <p>Implementations are thread-safe: concurrent calls give the same bits as sequential ones.
 * The caller owns a backend and closes it; closing releases every native resource it holds.
 */
public interface Backend extends AutoCloseable {

    /** A short identifier: {@code cpu} or {@code opencl:P:D}. */
    String id();

    /** A human-readable description of the device, for reports. */
    String description();

    /** Whether this backend's output is guaranteed to equal the stream spec bit for bit. */
    boolean bitExact();

    /**
     * Whether this backend proved that it reproduces the stream spec ({@code weightinit certify}):
     * {@code yes}, {@code FAILED} and the failed check, or {@code not certified}. The Java fallback
     * is the reference arithmetic itself: {@code yes}.
     */
    default String certification() {
        return "yes";
    }

    /**
     * Writes elements {@code [start, start + n)} of {@code spec}'s tensor into {@code dst} from its
     * position, little-endian, where {@code n = dst.remaining() / spec.dtype().bytes()}. The
     * buffer's position and byte order are not changed.
     *
     * @throws IllegalArgumentException if {@code start < 0}, {@code start + n} overflows, or
     *                                  {@code dst.remaining()} is not a multiple of the element size
     */
    void fill(FillSpec spec, long start, ByteBuffer dst);

    /**
     * A new buffer of this backend's for {@code elements} values of {@code dtype} (device memory on a
     * device, host memory on the Java fallback), with unspecified contents; the caller closes it.
     *
     * @throws IllegalArgumentException if {@code elements < 1}
     */
    DeviceBuffer allocate(long elements, DType dtype);

    /**
     * Writes elements {@code [start, start + count)} of {@code spec}'s tensor into {@code dst} from
     * element {@code dstOffset}; returns when the values are in place.
     *
     * @throws IllegalArgumentException if {@code dst} is not this backend's, is closed, has another
     *                                  dtype, or the values do not fit in it
     */
    void fill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset);

    /**
     * Copies {@code src}'s remaining bytes (little-endian values of {@code dst}'s dtype) into
     * {@code dst} from element {@code dstOffset}; returns when they are in place.
     *
     * @throws IllegalArgumentException if {@code dst} is not this backend's or the values do not fit
     */
    void write(DeviceBuffer dst, long dstOffset, ByteBuffer src);

    /**
     * A direct little-endian buffer of {@code bytes} that this backend fills fastest, for callers
     * that stream through a few reused buffers ({@code init}'s writer): page-locked ("pinned")
     * memory that the device copies into by DMA where values are read back from a device, plain
     * direct memory elsewhere, page-aligned (4096 bytes) either way, so that vector stores into it
     * are aligned. Give it back with {@link #releaseHostBuffer}; it is valid until then or until
     * this backend closes, and must not be touched after.
     *
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    default ByteBuffer allocateHostBuffer(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("host buffer of " + bytes + " bytes: at least 1 is needed");
        }
        return FillArguments.pageAligned(bytes);
    }

    /** Gives back a buffer of {@link #allocateHostBuffer}; other buffers, and a second release, are ignored. */
    default void releaseHostBuffer(ByteBuffer buffer) {
    }

    /** Whether this backend can still be used: {@code false} once {@link #close()} began. */
    boolean isOpen();

    /**
     * Writes elements {@code [start, start + count)} of a float32 tensor into {@code dst[offset ..]}.
     * This default goes through a direct buffer; the backends write the array without it.
     *
     * @throws IllegalArgumentException if the dtype is not float32 or the range does not fit {@code dst}
     */
    default void fill(FillSpec spec, long start, float[] dst, int offset, int count) {
        FillArguments.checkArray(spec, start, dst, offset, count);
        fillThroughBuffer(spec, start, count, (bytes, done) -> bytes.asFloatBuffer().get(dst, offset + done, bytes.remaining() / 4));
    }

    /**
     * The array defaults: fills a direct buffer of at most 2^22 elements at a time and hands each to
     * {@code copy} with the number of elements before it in the request.
     */
    private void fillThroughBuffer(FillSpec spec, long start, int count, java.util.function.BiConsumer<ByteBuffer, Integer> copy) {
        int size = spec.dtype().bytes();
        int chunk = Math.min(Math.max(count, 1), 1 << 22);
        ByteBuffer bytes = ByteBuffer.allocateDirect(chunk * size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            bytes.clear().limit(n * size);
            fill(spec, start + done, bytes);
            copy.accept(bytes, done);
        }
    }

    /**
     * Writes elements {@code [start, start + count)} of a float16 or bfloat16 tensor, as their bits,
     * into {@code dst[offset ..]}. This default goes through a direct buffer; the backends write the
     * array without it.
     *
     * @throws IllegalArgumentException if the dtype is not a 16-bit float or the range does not fit {@code dst}
     */
    default void fill(FillSpec spec, long start, short[] dst, int offset, int count) {
        FillArguments.checkArray(spec, start, dst, offset, count);
        fillThroughBuffer(spec, start, count, (bytes, done) -> bytes.asShortBuffer().get(dst, offset + done, bytes.remaining() / 2));
    }

    /** Elements {@code [start, start + count)} as a new array of float32 values. */
    default float[] generateFloats(FillSpec spec, long start, int count) {
        FillArguments.checkRange(start, count);
        float[] values = new float[count];
        fill(spec, start, values, 0, count);
        return values;
    }

    /** Releases native resources; idempotent. */
    @Override
    void close();
}
