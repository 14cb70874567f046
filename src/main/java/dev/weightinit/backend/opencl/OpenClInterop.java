package dev.weightinit.backend.opencl;

import dev.weightinit.backend.FillArguments;
import dev.weightinit.engine.FillSpec;
import java.util.List;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * The one place where raw OpenCL handles of an {@link OpenClBackend} are handed out, for callers
 * that mix weightinit with their own OpenCL code: the context and queue (to create buffers and
 * enqueue commands on the same in-order queue), the {@code cl_mem} buffers of a
 * {@link DeviceTensor}, and fills into a {@code cl_mem} of the caller's. The handles stay owned by
 * the backend (or the tensor) and are valid until it is closed; never release them.
 */
public final class OpenClInterop {
    private OpenClInterop() {
    }

    /**
     * One device buffer of a tensor: elements {@code [first, first + count)} of it.
     */
    public record Buffer(cl_mem memory, long first, long count) {
    }

    public static cl_context context(OpenClBackend backend) {
        return backend.call(() -> backend.context().context);
    }

    public static cl_command_queue queue(OpenClBackend backend) {
        return backend.call(() -> backend.context().queue);
    }

    /** The tensor's buffers in element order (one unless it exceeds the device's largest buffer). */
    public static List<Buffer> buffers(DeviceTensor tensor) {
        return tensor.segments().stream().map(s -> new Buffer(s.memory(), s.first(), s.count())).toList();
    }

    /**
     * The one buffer of a single-buffer tensor.
     *
     * @throws IllegalStateException if the tensor spans several buffers or is closed
     */
    public static cl_mem memory(DeviceTensor tensor) {
        List<DeviceTensor.Segment> segments = tensor.segments();
        if (segments.size() != 1) {
            throw new IllegalStateException("this tensor of " + tensor.byteSize() + " bytes spans " + segments.size()
                    + " device buffers (the device's largest is smaller): use buffers()");
        }
        return segments.get(0).memory();
    }

    /**
     * Enqueues the kernels that write elements {@code [start, start + count)} of {@code spec}'s
     * tensor into the caller's {@code dst} from element {@code dstOffset}, without waiting; the
     * queue is in order, so later commands on {@link #queue} (and {@link OpenClBackend#finish()})
     * see the values.
     *
     * @throws IllegalArgumentException if the range does not fit {@code dst} ({@code CL_MEM_SIZE})
     */
    public static void enqueueFill(OpenClBackend backend, FillSpec spec, long start, long count, cl_mem dst, long dstOffset) {
        dev.weightinit.backend.FillArguments.checkRange(start, count);
        if (dstOffset < 0) {
            throw new IllegalArgumentException("destination offset " + dstOffset + " is negative");
        }
        backend.call(() -> {
            long[] size = new long[1];
            backend.context().check.check(org.jocl.CL.clGetMemObjectInfo(dst, org.jocl.CL.CL_MEM_SIZE, org.jocl.Sizeof.size_t,
                    org.jocl.Pointer.to(size), null), "clGetMemObjectInfo(CL_MEM_SIZE)");
            int bytes = spec.dtype().bytes();
            if (dstOffset > size[0] / bytes || count > size[0] / bytes - dstOffset) {
                throw new IllegalArgumentException("elements [" + dstOffset + ", " + dstOffset + " + " + count + ") of "
                        + spec.dtype().specName() + " do not fit the destination cl_mem of " + size[0] + " bytes");
            }
            backend.launcher().enqueue(spec, start, count, dst, dstOffset);
            return null;
        });
    }
}
