package dev.weightinit.backend;

import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Memory that a {@link Backend} allocated for {@link #elements()} values of one {@link DType}:
 * device memory on an OpenCL device (possibly several device buffers), host memory on the Java
 * fallback. The backend that made it owns it: {@link #close()} frees it (idempotent), and so does
 * closing the backend. Only that backend fills or writes it.
 *
 * <p>Reads are thread-safe; closing while another thread reads is not.
 */
public interface DeviceBuffer extends AutoCloseable {

    long elements();

    DType dtype();

    default long byteSize() {
        return elements() * dtype().bytes();
    }

    /**
     * Copies elements {@code [first, first + n)} into {@code dst} from its position (blocking),
     * little-endian, {@code n = dst.remaining() / dtype().bytes()}; the buffer's position is not changed.
     *
     * @throws IllegalArgumentException if the range is outside this buffer
     * @throws IllegalStateException    if this buffer is closed
     */
    void read(long first, ByteBuffer dst);

    /** The whole buffer as float32 values; only for float32 buffers of at most 2^29 elements. */
    default float[] toFloatArray() {
        if (dtype() != DType.FLOAT32 || elements() > Integer.MAX_VALUE / 4) {
            throw new IllegalStateException("toFloatArray needs a float32 buffer of at most 2^29 elements, not "
                    + elements() + " " + dtype().specName());
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        read(0, bytes);
        float[] values = new float[(int) elements()];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    boolean isClosed();

    /** Frees the memory; idempotent. */
    @Override
    void close();

    /**
     * The checks of {@link #read}: {@code dst} holds whole elements, and they lie inside {@code buffer} from {@code first}.
     *
     * @return the number of elements to read
     * @throws IllegalArgumentException naming what is wrong
     */
    static long checkRead(DeviceBuffer buffer, long first, ByteBuffer dst) {
        FillArguments.checkWritable(dst); // a read-only view or mapping is refused before any copy writes into it
        long count = FillArguments.elementsIn(dst, buffer.dtype(), "read destination");
        checkInside(buffer, first, count);
        return count;
    }

    /**
     * Checks that elements {@code [offset, offset + count)} lie inside a buffer of {@code elements}.
     *
     * @throws IllegalArgumentException naming the range and the buffer's size
     */
    static void checkInside(DeviceBuffer buffer, long offset, long count) {
        FillArguments.checkInside(offset, count, buffer.elements(), "a buffer of " + buffer.elements() + " " + buffer.dtype().specName()
                + " elements");
    }
}
