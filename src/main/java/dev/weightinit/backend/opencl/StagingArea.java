package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MEM_USE_HOST_PTR;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clFlush;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clReleaseMemObject;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * Host fills. On a device that works on host memory ({@code CL_DEVICE_HOST_UNIFIED_MEMORY}: CPU
 * devices such as PoCL, integrated GPUs) a direct destination is wrapped as a
 * {@code CL_MEM_USE_HOST_PTR} buffer and the kernel writes it in place, with no copy. Elsewhere
 * values go through two device staging buffers and two queues: the kernels of chunk k+1 run on
 * the compute queue while chunk k is read back on the transfer queue, ordered by events
 * (non-blocking reads into direct destinations, blocking ones into arrays and heap buffers). When
 * the device is out of memory the chunk is halved, down to 1 MiB, before the error is reported.
 *
 * <p>Thread-safe: one host fill at a time.
 */
final class StagingArea {
    private static final long MIN_STAGING_BYTES = 1L << 20;

    private final OpenClBackend owner;
    private final BufferAllocator allocator;
    private final FillLauncher launcher;
    private final DeviceContext device;
    private final long stagingElements;
    private final boolean inPlace;
    private final ReentrantLock lock = new ReentrantLock();
    /** The two staging buffers, allocated at the first staged fill and grown when a larger one needs them. */
    private final DeviceTensor[] staging = new DeviceTensor[2];

    private final PinnedHostMemory hostMemory;

    /**
     * @param hostMemory  the backend's host buffers: in place, those already have a buffer over them
     * @param alwaysStage stage even where the device could write direct host buffers in place
     */
    StagingArea(OpenClBackend owner, BufferAllocator allocator, FillLauncher launcher, DeviceContext device, long stagingElements,
            PinnedHostMemory hostMemory, boolean alwaysStage) {
        this.hostMemory = hostMemory;
        this.owner = owner;
        this.allocator = allocator;
        this.launcher = launcher;
        this.device = device;
        this.stagingElements = stagingElements;
        this.inPlace = device.hostUnifiedMemory && !alwaysStage;
    }

    /**
     * Copies {@code n} elements, {@code done} elements into the request, from a staging buffer to
     * the destination on the transfer queue after {@code after}; returns the copy's event (the
     * caller releases it), or {@code null} when the copy has completed.
     */
    @FunctionalInterface
    private interface Reader {
        cl_event read(cl_mem staging, long done, long n, cl_event[] after);
    }

    /** Writes elements {@code [start, start + count)} into {@code dst} from its position. */
    void fill(FillSpec spec, long start, long count, ByteBuffer dst) {
        int bytes = spec.dtype().bytes();
        if (inPlace && dst.isDirect()) {
            inPlace(spec, start, count, dst);
            return;
        }
        staged(spec, start, count, (buffer, done, n, after) -> {
            ByteBuffer part = slice(dst, done * bytes, n * bytes);
            if (part.isDirect() && device.overlapsTransfers()) {
                return device.readAsync(buffer, part, after);
            }
            device.read(buffer, part, after); // JOCL copies heap buffers: only blocking reads may
            return null;
        });
    }

    /** Writes float32 elements {@code [start, start + count)} into {@code dst[offset ..]}, read straight into the array. */
    void fill(FillSpec spec, long start, int count, float[] dst, int offset) {
        // Arrays can move: JOCL reads into them only blocking, so the overlap is the next chunk's kernels.
        staged(spec, start, count, (buffer, done, n, after) -> {
            device.read(buffer, dst, offset + (int) done, (int) n, after);
            return null;
        });
    }

    /** Writes float16 or bfloat16 elements {@code [start, start + count)} as bits into {@code dst[offset ..]}, read straight into the array. */
    void fill(FillSpec spec, long start, int count, short[] dst, int offset) {
        staged(spec, start, count, (buffer, done, n, after) -> {
            device.read(buffer, dst, offset + (int) done, (int) n, after);
            return null;
        });
    }

    private static ByteBuffer slice(ByteBuffer dst, long fromByte, long bytes) {
        ByteBuffer part = dst.duplicate();
        part.position(dst.position() + (int) fromByte);
        part.limit(part.position() + (int) bytes);
        return part;
    }

    /**
     * The kernels write {@code dst} itself: through the buffer the backend keeps over its own host
     * buffers, else through a {@code CL_MEM_USE_HOST_PTR} buffer made over {@code dst} for the call.
     */
    private void inPlace(FillSpec spec, long start, long count, ByteBuffer dst) {
        int bytes = spec.dtype().bytes();
        cl_mem over = hostMemory.over(dst);
        lock.lock();
        try {
            if (over != null && dst.position() % bytes == 0) {
                writeThrough(over, dst.position(), spec, start, count);
                return;
            }
            long chunk = Math.max(1, Math.min(count, allocator.maxBufferBytes() / bytes));
            for (long done = 0; done < count; done += chunk) {
                long n = Math.min(chunk, count - done);
                ByteBuffer part = slice(dst, done * bytes, n * bytes);
                int[] error = new int[1];
                cl_mem wrapped = clCreateBuffer(device.context, CL_MEM_WRITE_ONLY | CL_MEM_USE_HOST_PTR, n * bytes, Pointer.toBuffer(part),
                        error);
                boolean created = error[0] == CL_SUCCESS;
                try {
                    device.check.check(error[0], "clCreateBuffer(USE_HOST_PTR, " + n * bytes + " bytes)");
                    writeThrough(wrapped, 0, spec, start + done, n);
                } finally {
                    if (created) {
                        clFinish(device.queue); // nothing may still use the buffer (or dst) once released
                        clReleaseMemObject(wrapped);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the kernels into {@code memory}, a buffer over host memory, from byte {@code byteOffset},
     * then maps and unmaps what they wrote, which makes it visible to the host, and waits. Call under the lock.
     */
    private void writeThrough(cl_mem memory, long byteOffset, FillSpec spec, long start, long count) {
        long bytes = count * spec.dtype().bytes();
        launcher.enqueue(spec, start, count, memory, byteOffset / spec.dtype().bytes());
        int[] error = new int[1];
        ByteBuffer mapped = clEnqueueMapBuffer(device.queue, memory, CL_TRUE, CL_MAP_READ, byteOffset, bytes, 0, null, null, error);
        device.check.check(error[0], "clEnqueueMapBuffer(" + bytes + " bytes)");
        device.check.check(clEnqueueUnmapMemObject(device.queue, memory, mapped, 0, null, null), "clEnqueueUnmapMemObject");
        device.check.check(clFinish(device.queue), "clFinish");
    }

    /** Two staging buffers, two queues: chunk k is read back while chunk k + 1 is generated. */
    private void staged(FillSpec spec, long start, long count, Reader reader) {
        int bytes = spec.dtype().bytes();
        lock.lock();
        List<cl_event> outstanding = new ArrayList<>();
        boolean completed = false;
        try {
            long chunk = buffers(Math.min(count, Math.min(stagingElements, allocator.maxBufferBytes() / bytes)), bytes);
            long chunks = (count + chunk - 1) / chunk;
            cl_event[] lastRead = new cl_event[2];
            List<cl_event> kernels = launcher.enqueueAfter(spec, start, Math.min(chunk, count), memory(0), 0, FillLauncher.NO_EVENTS);
            outstanding.addAll(kernels);
            for (long i = 0; i < chunks; i++) {
                List<cl_event> next = List.of();
                if (i + 1 < chunks) {
                    int b = (int) ((i + 1) & 1);
                    long first = (i + 1) * chunk;
                    // The buffer is free once its previous read (chunk i - 1) has completed.
                    cl_event[] after = lastRead[b] == null ? FillLauncher.NO_EVENTS : device.fromOtherQueue(new cl_event[] {lastRead[b]});
                    next = launcher.enqueueAfter(spec, start + first, Math.min(chunk, count - first), memory(b), 0, after);
                    outstanding.addAll(next);
                    device.check.check(clFlush(device.queue), "clFlush");
                }
                int b = (int) (i & 1);
                cl_event read = reader.read(memory(b), i * chunk, Math.min(chunk, count - i * chunk),
                        device.fromOtherQueue(kernels.toArray(cl_event[]::new)));
                if (read != null) {
                    outstanding.add(read);
                    device.check.check(clFlush(device.transfer), "clFlush");
                }
                lastRead[b] = read;
                kernels = next;
            }
            device.finish();
            completed = true;
        } finally {
            if (!completed) {
                clFinish(device.queue); // a failure: nothing enqueued may still write the destination
                clFinish(device.transfer);
            }
            for (cl_event event : outstanding) {
                clReleaseEvent(event);
            }
            lock.unlock();
        }
    }

    /** Makes sure both staging buffers hold {@code chunk} elements of {@code bytes}, halving on out-of-memory; returns the chunk. */
    private long buffers(long chunk, int bytes) {
        while (true) {
            try {
                for (int b = 0; b < 2; b++) {
                    if (staging[b] == null || staging[b].byteSize() < chunk * bytes) {
                        if (staging[b] != null) {
                            staging[b].close();
                            staging[b] = null;
                        }
                        staging[b] = allocator.allocate(owner, (chunk * bytes + 3) / 4, DType.UINT32);
                    }
                }
                return chunk;
            } catch (OpenClException e) {
                if (!e.isOutOfMemory() || chunk * bytes <= MIN_STAGING_BYTES) {
                    throw e;
                }
                chunk = Math.max(MIN_STAGING_BYTES / bytes, chunk / 2);
            }
        }
    }

    private cl_mem memory(int b) {
        return staging[b].segments().get(0).memory();
    }

    /** How many staging buffers the area holds now (0 to 2). */
    int held() {
        int held = 0;
        for (DeviceTensor tensor : staging) {
            if (tensor != null && !tensor.isClosed()) {
                held++;
            }
        }
        return held;
    }
}
