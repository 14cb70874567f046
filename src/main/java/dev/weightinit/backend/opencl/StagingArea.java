package dev.weightinit.backend.opencl;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.jocl.cl_mem;

/**
 * Host fills through one reusable device buffer: generate a chunk on the device, read it back,
 * repeat. When the device is out of memory the chunk is halved, down to 1 MiB, before the error
 * is reported. Thread-safe: one host fill at a time.
 */
final class StagingArea {
    private static final long MIN_STAGING_BYTES = 1L << 20;

    private final OpenClBackend owner;
    private final BufferAllocator allocator;
    private final FillLauncher launcher;
    private final DeviceContext device;
    private final long stagingElements;
    private final ReentrantLock lock = new ReentrantLock();
    private DeviceTensor staging;

    StagingArea(OpenClBackend owner, BufferAllocator allocator, FillLauncher launcher, DeviceContext device, long stagingElements) {
        this.owner = owner;
        this.allocator = allocator;
        this.launcher = launcher;
        this.device = device;
        this.stagingElements = stagingElements;
    }

    /** Copies {@code n} elements, {@code done} elements into the request, from the staging buffer to the destination. */
    @FunctionalInterface
    interface Sink {
        void take(cl_mem staging, long done, long n);
    }

    /** Writes elements {@code [start, start + count)} into {@code dst} from its position. */
    void fill(FillSpec spec, long start, long count, ByteBuffer dst) {
        int bytes = spec.dtype().bytes();
        fill(spec, start, count, (buffer, done, n) -> {
            ByteBuffer part = dst.duplicate();
            part.position(dst.position() + (int) (done * bytes));
            part.limit(part.position() + (int) (n * bytes));
            device.read(buffer, 0, part);
        });
    }

    /** Writes float32 elements {@code [start, start + count)} into {@code dst[offset ..]}, read straight into the array. */
    void fill(FillSpec spec, long start, int count, float[] dst, int offset) {
        fill(spec, start, count, (buffer, done, n) -> device.read(buffer, 0, dst, offset + (int) done, (int) n));
    }

    private void fill(FillSpec spec, long start, long count, Sink sink) {
        int bytes = spec.dtype().bytes();
        long chunk = Math.min(count, Math.min(stagingElements, allocator.maxBufferBytes() / bytes));
        lock.lock();
        try {
            cl_mem buffer = null;
            while (buffer == null) {
                try {
                    buffer = buffer(chunk * bytes);
                } catch (OpenClException e) {
                    if (!e.isOutOfMemory() || chunk * bytes <= MIN_STAGING_BYTES) {
                        throw e;
                    }
                    chunk = Math.max(MIN_STAGING_BYTES / bytes, chunk / 2);
                }
            }
            for (long done = 0; done < count; done += chunk) {
                long n = Math.min(chunk, count - done);
                launcher.enqueue(spec, start + done, n, buffer, 0);
                sink.take(buffer, done, n);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The reusable buffer, of at least {@code bytes}; call under the lock. */
    private cl_mem buffer(long bytes) {
        if (staging == null || staging.byteSize() < bytes) {
            if (staging != null) {
                staging.close();
                staging = null;
            }
            staging = allocator.allocate(owner, (bytes + 3) / 4, DType.UINT32);
        }
        return staging.segments().get(0).memory();
    }

    /** 1 while the area holds its buffer. */
    int held() {
        DeviceTensor own = staging;
        return own != null && !own.isClosed() ? 1 : 0;
    }
}
