package dev.weightinit.backend.opencl;

import dev.weightinit.backend.FillArguments;
import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_USE_HOST_PTR;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseMemObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jocl.cl_mem;

/**
 * Page-locked host buffers for staged host fills: a {@code CL_MEM_ALLOC_HOST_PTR} buffer mapped
 * once, whose mapping the driver knows is pinned, so reading device values into it is a DMA copy
 * at full bus speed (pageable memory is copied through the driver's own staging first). Where the
 * backend fills host memory in place, page-aligned direct buffers serve instead (the kernels' stores
 * into them are aligned: bfloat16 normals 1.17 -> 1.41 G/s on PoCL), each with one
 * {@code CL_MEM_USE_HOST_PTR} buffer kept over it for every fill ({@link #over}). Thread-safe.
 */
final class PinnedHostMemory {
    private final DeviceContext device;
    private final boolean pinned;
    private final Map<ByteBuffer, cl_mem> mapped = new IdentityHashMap<>();
    /** In place: the host buffers handed out, each with the USE_HOST_PTR buffer over all of it. */
    private final Map<ByteBuffer, cl_mem> wrapped = new IdentityHashMap<>();

    /** @param pinned whether to pin (staged fills) or hand out plain direct buffers (in-place fills) */
    PinnedHostMemory(DeviceContext device, boolean pinned) {
        this.device = device;
        this.pinned = pinned;
    }

    /**
     * @throws IllegalArgumentException if {@code bytes < 1}
     * @throws OpenClException          if the device cannot allocate or map it (nothing stays allocated)
     */
    synchronized ByteBuffer allocate(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("host buffer of " + bytes + " bytes: at least 1 is needed");
        }
        if (!pinned) {
            // In place: aligned kernel stores, and one CL_MEM_USE_HOST_PTR buffer over it for every fill.
            ByteBuffer buffer = dev.weightinit.backend.FillArguments.pageAligned(bytes);
            int[] error = new int[1];
            cl_mem memory = clCreateBuffer(device.context, CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, bytes,
                    org.jocl.Pointer.toBuffer(buffer), error);
            device.check.check(error[0], "clCreateBuffer(USE_HOST_PTR, " + bytes + " bytes)");
            wrapped.put(buffer, memory);
            return buffer;
        }
        int[] error = new int[1];
        cl_mem memory = clCreateBuffer(device.context, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, bytes, null, error);
        device.check.check(error[0], "clCreateBuffer(ALLOC_HOST_PTR, " + bytes + " bytes)");
        try {
            ByteBuffer buffer = clEnqueueMapBuffer(device.queue, memory, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, bytes, 0, null, null, error);
            device.check.check(error[0], "clEnqueueMapBuffer(" + bytes + " bytes)");
            buffer.order(ByteOrder.LITTLE_ENDIAN);
            mapped.put(buffer, memory);
            return buffer;
        } catch (RuntimeException e) {
            clReleaseMemObject(memory);
            throw e;
        }
    }

    /** Unmaps and releases a buffer of {@link #allocate}; others are ignored. */
    synchronized void release(ByteBuffer buffer) {
        cl_mem memory = mapped.remove(buffer);
        if (memory != null) {
            unmap(buffer, memory);
        }
        cl_mem over = wrapped.remove(buffer);
        if (over != null) {
            clReleaseMemObject(over);
        }
    }

    /**
     * The {@code CL_MEM_USE_HOST_PTR} buffer over {@code buffer} (the very object {@link #allocate}
     * returned; its position is an offset into it), or {@code null} for any other buffer.
     */
    synchronized cl_mem over(ByteBuffer buffer) {
        return wrapped.get(buffer);
    }

    private void unmap(ByteBuffer buffer, cl_mem memory) {
        int status = clEnqueueUnmapMemObject(device.queue, memory, buffer, 0, null, null);
        if (status == CL_SUCCESS) {
            clFinish(device.queue);
        }
        clReleaseMemObject(memory);
    }

    /** Pinned buffers handed out and not yet released. */
    synchronized int live() {
        return mapped.size();
    }

    /** In-place buffers handed out and not yet released. */
    synchronized int liveInPlace() {
        return wrapped.size();
    }

    /** Releases every buffer still out (the backend is closing). */
    synchronized void closeAll() {
        for (Map.Entry<ByteBuffer, cl_mem> entry : new ArrayList<>(mapped.entrySet())) {
            unmap(entry.getKey(), entry.getValue());
        }
        mapped.clear();
        wrapped.values().forEach(org.jocl.CL::clReleaseMemObject);
        wrapped.clear();
    }
}
