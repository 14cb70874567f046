package dev.weightinit.backend.opencl;

import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.cl_mem;

/**
 * A device buffer of {@link #elements()} values of one {@link DType}, owned by this object:
 * {@link #close()} releases it (idempotent). Closing the {@link OpenClBackend} that made it
 * releases it too.
 *
 * <p>Reads are thread-safe; closing while another thread reads is not.
 */
public final class DeviceTensor implements AutoCloseable {
    private final OpenClBackend backend;
    private final cl_mem memory;
    private final long elements;
    private final DType dtype;
    private boolean closed;

    DeviceTensor(OpenClBackend backend, cl_mem memory, long elements, DType dtype) {
        this.backend = backend;
        this.memory = memory;
        this.elements = elements;
        this.dtype = dtype;
    }

    /** The OpenCL buffer, for callers that launch their own kernels on it; valid until closed. */
    public cl_mem memory() {
        ensureOpen();
        return memory;
    }

    public long elements() {
        return elements;
    }

    public DType dtype() {
        return dtype;
    }

    public long byteSize() {
        return elements * dtype.bytes();
    }

    /**
     * Copies elements {@code [first, first + n)} into {@code dst} from its position (blocking), where
     * {@code n = dst.remaining() / dtype().bytes()}; the buffer's position is not changed.
     */
    public void read(long first, ByteBuffer dst) {
        ensureOpen();
        long count = dst.remaining() / dtype.bytes();
        if (first < 0 || count > elements - first || dst.remaining() % dtype.bytes() != 0) {
            throw new IllegalArgumentException("cannot read " + dst.remaining() + " bytes from element " + first
                    + " of a tensor of " + elements + " " + dtype.specName() + " elements");
        }
        backend.read(memory, first * dtype.bytes(), dst);
    }

    /** The whole tensor as float32 values; only for float32 tensors under 2^31 elements. */
    public float[] toFloatArray() {
        if (dtype != DType.FLOAT32 || elements > Integer.MAX_VALUE / 4) {
            throw new IllegalStateException("toFloatArray needs a float32 tensor under 2^29 elements, not "
                    + elements + " " + dtype.specName());
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        read(0, bytes);
        float[] values = new float[(int) elements];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("device tensor is closed");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        backend.release(this, memory);
    }
}
