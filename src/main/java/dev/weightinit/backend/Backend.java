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
        return pageAligned(bytes);
    }

    /** A direct little-endian buffer of {@code bytes} whose first byte is at a multiple of 4096. */
    static ByteBuffer pageAligned(int bytes) {
        if (bytes > Integer.MAX_VALUE - 8192) {
            throw new IllegalArgumentException("host buffer of " + bytes + " bytes: at most 2^31 - 8193 can be page-aligned");
        }
        // alignedSlice rounds both ends to the unit: room for a whole number of pages past the start.
        int pages = (bytes + 4095) / 4096;
        return ByteBuffer.allocateDirect((pages + 1) * 4096).alignedSlice(4096).slice(0, bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
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
        checkArray(spec, start, dst, offset, count);
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
        checkArray(spec, start, dst, offset, count);
        fillThroughBuffer(spec, start, count, (bytes, done) -> bytes.asShortBuffer().get(dst, offset + done, bytes.remaining() / 2));
    }

    /**
     * The checks of {@link #fill(FillSpec, long, short[], int, int)}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    static void checkArray(FillSpec spec, long start, short[] dst, int offset, int count) {
        checkHalves(spec.dtype());
        checkSlot(dst == null ? -1 : dst.length, start, offset, count);
    }

    /** @throws IllegalArgumentException unless {@code dtype} is float16 or bfloat16 */
    static void checkHalves(DType dtype) {
        if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16) {
            throw new IllegalArgumentException("a short[] destination holds float16 or bfloat16 bits, not " + dtype.specName());
        }
    }

    /**
     * The checks of {@link #fill(FillSpec, long, float[], int, int)}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    static void checkArray(FillSpec spec, long start, float[] dst, int offset, int count) {
        if (spec.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("a float[] destination needs dtype float32, not " + spec.dtype().specName());
        }
        checkSlot(dst == null ? -1 : dst.length, start, offset, count);
    }

    /** The array checks after the dtype's: an array ({@code length} -1 for none), the range, the slot in it. */
    private static void checkSlot(int length, long start, int offset, int count) {
        if (length < 0) {
            throw new IllegalArgumentException("destination array is null");
        }
        checkRange(start, count);
        if (offset < 0 || offset > length - count) {
            throw new IllegalArgumentException("offset " + offset + " and count " + count + " do not fit an array of length " + length);
        }
    }

    /** Elements {@code [start, start + count)} as a new array of float32 values. */
    default float[] generateFloats(FillSpec spec, long start, int count) {
        checkRange(start, count);
        float[] values = new float[count];
        fill(spec, start, values, 0, count);
        return values;
    }

    /** Releases native resources; idempotent. */
    @Override
    void close();

    /**
     * Checks a request's range and returns its element count.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    static long checkedCount(FillSpec spec, long start, ByteBuffer dst) {
        checkWritable(dst);
        long count = elementsIn(dst, spec.dtype(), "destination");
        checkRange(start, count);
        return count;
    }

    /**
     * The number of {@code dtype} elements in {@code buffer}'s remaining bytes.
     *
     * @param role what the buffer is, for the message ("destination", "source")
     * @throws IllegalArgumentException if the bytes are not a whole number of elements
     */
    static long elementsIn(ByteBuffer buffer, DType dtype, String role) {
        int bytes = dtype.bytes();
        if (buffer.remaining() % bytes != 0) {
            throw new IllegalArgumentException(role + " has " + buffer.remaining() + " bytes remaining, not a multiple of "
                    + bytes + " (the size of " + dtype.specName() + ")");
        }
        return buffer.remaining() / bytes;
    }

    /**
     * Refuses a destination that cannot be written: {@code null}, or read-only (a read-only mapped
     * file or a {@code asReadOnlyBuffer()} view, which native copies would write anyway).
     *
     * @throws IllegalArgumentException naming the problem
     */
    static void checkWritable(ByteBuffer dst) {
        if (dst == null) {
            throw new IllegalArgumentException("destination buffer is null");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("destination buffer is read-only: values cannot be written into it");
        }
    }

    /**
     * Checks that elements {@code [start, start + count)} lie inside {@code size} elements.
     *
     * @param container what holds them, for the message ("tensor (3, 4) of 12 elements")
     * @throws IllegalArgumentException "elements [start, start + count) are outside CONTAINER"
     */
    static void checkInside(long start, long count, long size, String container) {
        if (start < 0 || count < 0 || start > size || count > size - start) {
            throw new IllegalArgumentException("elements [" + start + ", " + start + " + " + count + ") are outside " + container);
        }
    }

    /** @throws IllegalArgumentException if {@code start < 0}, {@code count < 0} or the end overflows */
    static void checkRange(long start, long count) {
        if (start < 0) {
            throw new IllegalArgumentException("start " + start + " is negative: element indices start at 0");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " is negative");
        }
        if (start + count < 0) {
            throw new IllegalArgumentException("start " + start + " + count " + count + " overflows a 64-bit index");
        }
    }
}
