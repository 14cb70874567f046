package dev.weightinit.backend.opencl;

import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.jocl.cl_mem;

/**
 * A device tensor of {@link #elements()} values of one {@link DType}, held in one or more device
 * buffers ({@link #segments()}): a tensor larger than the device's largest buffer
 * ({@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}) is split into consecutive segments. This object owns the
 * buffers: {@link #close()} releases them (idempotent), and so does closing the
 * {@link OpenClBackend} that made it.
 *
 * <p>Reads are thread-safe; closing while another thread reads is not.
 */
public final class DeviceTensor implements AutoCloseable {
    /**
     * One device buffer holding elements {@code [first, first + count)} of the tensor.
     */
    public record Segment(cl_mem memory, long first, long count) {
    }

    private final OpenClBackend backend;
    private final List<Segment> segments;
    private final long elements;
    private final DType dtype;
    private boolean closed;

    DeviceTensor(OpenClBackend backend, List<Segment> segments, long elements, DType dtype) {
        this.backend = backend;
        this.segments = List.copyOf(segments);
        this.elements = elements;
        this.dtype = dtype;
    }

    /**
     * The one OpenCL buffer of a single-segment tensor, for callers that launch their own kernels.
     *
     * @throws IllegalStateException if the tensor is closed or spans several buffers
     */
    public cl_mem memory() {
        ensureOpen();
        if (segments.size() != 1) {
            throw new IllegalStateException("this tensor of " + byteSize() + " bytes spans " + segments.size()
                    + " device buffers (the device's largest is smaller): use segments()");
        }
        return segments.get(0).memory();
    }

    /** The device buffers, in element order; valid until closed. */
    public List<Segment> segments() {
        ensureOpen();
        return segments;
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
        int bytes = dtype.bytes();
        long count = dst.remaining() / bytes;
        if (first < 0 || count > elements - first || dst.remaining() % bytes != 0) {
            throw new IllegalArgumentException("cannot read " + dst.remaining() + " bytes from element " + first
                    + " of a tensor of " + elements + " " + dtype.specName() + " elements");
        }
        long end = first + count;
        for (Segment segment : segments) {
            long from = Math.max(first, segment.first());
            long to = Math.min(end, segment.first() + segment.count());
            if (from >= to) {
                continue;
            }
            ByteBuffer part = dst.duplicate();
            part.position(dst.position() + (int) ((from - first) * bytes));
            part.limit(part.position() + (int) ((to - from) * bytes));
            backend.read(segment.memory(), (from - segment.first()) * bytes, part);
        }
    }

    /** The whole tensor as float32 values; only for float32 tensors under 2^29 elements. */
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
        backend.release(this, segments);
    }
}
