package dev.weightinit.backend.opencl;

import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.util.List;
import org.jocl.cl_mem;

/**
 * A device tensor of {@link #elements()} values of one {@link DType}, held in one or more device
 * buffers ({@link #bufferCount()}; their handles through {@link OpenClInterop#buffers}): a tensor larger than the device's largest buffer
 * ({@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}) is split into consecutive segments. This object owns the
 * buffers: {@link #close()} releases them (idempotent), and so does closing the
 * {@link OpenClBackend} that made it.
 *
 * <p>Reads are thread-safe; closing while another thread reads is not.
 */
public final class DeviceTensor implements DeviceBuffer {
    /** One device buffer holding elements {@code [first, first + count)} of the tensor. */
    record Segment(cl_mem memory, long first, long count) {
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

    /** Device buffers this tensor spans (more than one when it exceeds the device's largest buffer). */
    public int bufferCount() {
        return segments.size();
    }

    /** The device buffers, in element order (raw handles: {@link OpenClInterop#buffers}). */
    List<Segment> segments() {
        ensureOpen();
        return segments;
    }

    @Override
    public long elements() {
        return elements;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long byteSize() {
        return elements * dtype.bytes();
    }

    /**
     * Copies elements {@code [first, first + n)} into {@code dst} from its position (blocking), where
     * {@code n = dst.remaining() / dtype().bytes()}; the buffer's position is not changed.
     */
    @Override
    public void read(long first, ByteBuffer dst) {
        ensureOpen();
        int bytes = dtype.bytes();
        long count = DeviceBuffer.checkRead(this, first, dst);
        for (Part part : parts(first, count)) {
            ByteBuffer slice = dst.duplicate();
            slice.position(dst.position() + (int) (part.offset() * bytes));
            slice.limit(slice.position() + (int) (part.count() * bytes));
            backend.read(part.memory(), part.segmentOffset() * bytes, slice);
        }
    }

    /**
     * One device buffer's share of a range of elements.
     *
     * @param memory        the buffer
     * @param segmentOffset the share's first element, counted from the buffer's start
     * @param offset        the share's first element, counted from the range's start
     * @param count         elements in the share
     */
    record Part(cl_mem memory, long segmentOffset, long offset, long count) {
    }

    /** The shares of elements {@code [first, first + count)} (inside the tensor), in element order. */
    List<Part> parts(long first, long count) {
        ensureOpen();
        List<Part> parts = new java.util.ArrayList<>();
        long end = first + count;
        for (Segment segment : segments) {
            long from = Math.max(first, segment.first());
            long to = Math.min(end, segment.first() + segment.count());
            if (from < to) {
                parts.add(new Part(segment.memory(), from - segment.first(), from - first, to - from));
            }
        }
        return parts;
    }

    OpenClBackend backend() {
        return backend;
    }

    @Override
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
