package dev.weightinit.backend.opencl;

import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clReleaseEvent;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import org.jocl.Pointer;
import org.jocl.cl_event;

/**
 * What {@code bench} and the JMH suite measure on one OpenCL device, beside the backend that
 * generates: timed fills (device time from OpenCL profiling events), the driver's own fill, the
 * device's write ceiling (the simplest write kernels) and the read-back to host memory. Every
 * buffer passed must be a tensor of {@link #backend()}. Thread-safe; close it before its backend
 * (it releases the ceiling kernels it built).
 */
public final class DeviceMeasurements implements AutoCloseable {
    private final OpenClBackend backend;
    private final WriteCeiling ceiling;

    public DeviceMeasurements(OpenClBackend backend) {
        this.backend = backend;
        this.ceiling = new WriteCeiling(backend.context(), backend.programs());
    }

    /** The backend measured. */
    public OpenClBackend backend() {
        return backend;
    }

    /**
     * {@link Backend#fill(FillSpec, long, long, DeviceBuffer, long)}, timed: the kernels' device time
     * in nanoseconds from OpenCL profiling events, every launch and segment included.
     */
    public long timedFill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset) {
        return backend.call(() -> {
            long nanos = 0;
            for (DeviceTensor.Part part : backend.tensorOf(dst, spec.dtype(), start, count, dstOffset).parts(dstOffset, count)) {
                nanos += backend.launcher().enqueueTimed(spec, start + part.offset(), part.count(), part.memory(), part.segmentOffset());
            }
            backend.context().finish();
            return nanos;
        });
    }

    /** The driver's own fill ({@code clEnqueueFillBuffer}) of every byte of {@code dst}; waits for it. A reference for write bandwidth. */
    public void driverFill(DeviceBuffer dst) {
        backend.call(() -> {
            DeviceTensor tensor = backend.tensorOf(dst, dst.dtype(), 0, 0, 0);
            DeviceContext device = backend.context();
            for (DeviceTensor.Segment segment : tensor.segments()) {
                cl_event event = new cl_event();
                device.check.check(clEnqueueFillBuffer(device.queue, segment.memory(), Pointer.to(new int[] {0x3F800000}), 4, 0,
                        segment.count() * tensor.dtype().bytes() / 4 * 4, 0, null, event), "clEnqueueFillBuffer");
                clReleaseEvent(event);
            }
            device.finish();
            return null;
        });
    }

    /**
     * Device nanoseconds of the simplest kernel writing every byte of {@code dst} with
     * {@code width}-wide stores (1, 4 or 16 uints) in work-groups of {@code local} (0: the driver's
     * choice): what the device itself writes, a ceiling for generation rates.
     */
    public long timedWriteKernel(DeviceBuffer dst, int width, long local) {
        return backend.call(() -> ceiling.time(backend.tensorOf(dst, dst.dtype(), 0, 0, 0), width, local));
    }

    /** Wall nanoseconds of reading every byte of {@code dst} back to host memory, a chunk of at most 64 MiB at a time. */
    public long timedReadBack(DeviceBuffer dst) {
        return backend.call(() -> {
            DeviceTensor tensor = backend.tensorOf(dst, dst.dtype(), 0, 0, 0);
            int bytes = tensor.dtype().bytes();
            long chunk = Math.max(1, (64L << 20) / bytes);
            ByteBuffer host = ByteBuffer.allocateDirect((int) (Math.min(chunk, tensor.elements()) * bytes));
            long started = System.nanoTime();
            for (long first = 0; first < tensor.elements(); first += chunk) {
                long n = Math.min(chunk, tensor.elements() - first);
                host.clear().limit((int) (n * bytes));
                tensor.read(first, host);
            }
            return System.nanoTime() - started;
        });
    }

    /** Releases the ceiling kernels (nothing when the backend is closed already: closing it released its context). */
    @Override
    public void close() {
        if (backend.isOpen()) {
            backend.call(() -> {
                ceiling.close();
                return null;
            });
        }
    }
}
