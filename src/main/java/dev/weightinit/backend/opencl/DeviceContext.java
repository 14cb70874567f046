package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_ENDIAN_LITTLE;
import static org.jocl.CL.CL_DEVICE_HOST_UNIFIED_MEMORY;
import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;

import java.nio.ByteBuffer;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_mem;

/**
 * One device's context and its two in-order, profiling command queues (kernels on {@link #queue},
 * read-backs on {@link #transfer}, so a chunk is read while the next one is generated), with the
 * copies between host and device. Warns once per JVM when the platform replaces the JVM's signal handlers
 * without signal chaining.
 *
 * <p>Thread-safe (OpenCL's context and queue calls are); {@link #close()} is called once, by the
 * backend, after its other parts.
 */
final class DeviceContext {
    private static final System.Logger LOG = System.getLogger(OpenClBackend.class.getName());
    private static volatile boolean warnedAboutSignals;

    final OpenClDeviceInfo info;
    final StatusCheck check;
    final cl_context context;
    /** Kernels, and every blocking copy. */
    final cl_command_queue queue;
    /** Non-blocking read-backs that overlap the kernels of {@link #queue}; ordered by events. */
    final cl_command_queue transfer;
    /**
     * Whether the device works on host memory itself ({@code CL_DEVICE_HOST_UNIFIED_MEMORY}: CPU
     * devices, integrated GPUs), so that kernels can write host buffers with no copy.
     */
    final boolean hostUnifiedMemory;

    /**
     * @throws OpenClException          if the context or queue cannot be created
     * @throws IllegalArgumentException if the device is big-endian
     */
    @SuppressWarnings("deprecation") // clCreateCommandQueue: the call OpenCL 1.2 devices have
    DeviceContext(OpenClDeviceInfo info, StatusCheck check) {
        this.info = info;
        this.check = check;
        int[] littleEndian = new int[1];
        check.check(clGetDeviceInfo(info.device(), CL_DEVICE_ENDIAN_LITTLE, Sizeof.cl_uint, Pointer.to(littleEndian), null),
                "clGetDeviceInfo(CL_DEVICE_ENDIAN_LITTLE)");
        if (littleEndian[0] == 0) {
            throw new IllegalArgumentException(info.describe() + " is big-endian: weightinit writes little-endian tensors only");
        }
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, info.platform());
        int[] error = new int[1];
        this.context = clCreateContext(properties, 1, new cl_device_id[] {info.device()}, null, null, error);
        check.check(error[0], "clCreateContext");
        cl_command_queue created = org.jocl.CL.clCreateCommandQueue(context, info.device(), CL_QUEUE_PROFILING_ENABLE, error);
        if (error[0] != CL_SUCCESS) {
            clReleaseContext(context);
            check.check(error[0], "clCreateCommandQueue");
        }
        // Oclgrind starts a kernel while a non-blocking read still runs (an assertion fails): the
        // simulator gets one queue for both jobs and blocking reads (overlapsTransfers()).
        cl_command_queue second = info.simulator() ? created
                : org.jocl.CL.clCreateCommandQueue(context, info.device(), CL_QUEUE_PROFILING_ENABLE, error);
        if (error[0] != CL_SUCCESS) {
            clReleaseCommandQueue(created);
            clReleaseContext(context);
            check.check(error[0], "clCreateCommandQueue");
        }
        this.queue = created;
        this.transfer = second;
        int[] unified = new int[1];
        this.hostUnifiedMemory = clGetDeviceInfo(info.device(), CL_DEVICE_HOST_UNIFIED_MEMORY, Sizeof.cl_uint, Pointer.to(unified), null)
                == CL_SUCCESS && unified[0] != 0;
        if (SignalChaining.replacesJvmHandlers(info) && !SignalChaining.active() && !warnedAboutSignals) {
            warnedAboutSignals = true;
            LOG.log(System.Logger.Level.WARNING, info.platformName() + " replaces the JVM's signal handlers: start the JVM with "
                    + "LD_PRELOAD=" + SignalChaining.library().map(Object::toString).orElse("$JAVA_HOME/lib/libjsig.so")
                    + " or it may crash (see \"PoCL and the JVM's signal handlers\" in weightinit's docs/java-api.md)");
        }
    }

    /** Waits until every enqueued command of both queues has finished. */
    void finish() {
        check.check(clFinish(queue), "clFinish");
        if (transfer != queue) {
            check.check(clFinish(transfer), "clFinish");
        }
    }

    /** Whether read-backs run on a queue of their own, non-blocking, beside the kernels (not on simulators). */
    boolean overlapsTransfers() {
        return transfer != queue;
    }

    /**
     * {@code events} of one queue for a command of the other, or none where both are one queue (its
     * in-order execution orders them already).
     */
    cl_event[] fromOtherQueue(cl_event[] events) {
        return transfer == queue ? FillLauncher.NO_EVENTS : events;
    }

    /**
     * Enqueues a non-blocking copy of {@code dst.remaining()} bytes from {@code memory} into
     * {@code dst}, a direct buffer, on the transfer queue after {@code waitFor}; returns its event,
     * which the caller releases (and must wait for before touching {@code dst}).
     */
    cl_event readAsync(cl_mem memory, ByteBuffer dst, cl_event[] waitFor) {
        cl_event event = new cl_event();
        readOnTransfer(memory, dst.remaining(), Pointer.toBuffer(dst), waitFor, event);
        return event;
    }

    /** {@code n} float32 values into {@code dst[offset ..]}, on the transfer queue after {@code waitFor} (blocking). */
    void read(cl_mem memory, float[] dst, int offset, int n, cl_event[] waitFor) {
        readOnTransfer(memory, 4L * n, Pointer.to(dst).withByteOffset(4L * offset), waitFor, null);
    }

    /** {@code n} 16-bit values into {@code dst[offset ..]}, on the transfer queue after {@code waitFor} (blocking). */
    void read(cl_mem memory, short[] dst, int offset, int n, cl_event[] waitFor) {
        readOnTransfer(memory, 2L * n, Pointer.to(dst).withByteOffset(2L * offset), waitFor, null);
    }

    /** {@code dst.remaining()} bytes into {@code dst} (any buffer), on the transfer queue after {@code waitFor} (blocking). */
    void read(cl_mem memory, ByteBuffer dst, cl_event[] waitFor) {
        readOnTransfer(memory, dst.remaining(), Pointer.toBuffer(dst), waitFor, null);
    }

    /** Bytes {@code [0, bytes)} of {@code memory} to {@code host} on the transfer queue: non-blocking when given an event to set. */
    private void readOnTransfer(cl_mem memory, long bytes, Pointer host, cl_event[] waitFor, cl_event event) {
        check.check(clEnqueueReadBuffer(transfer, memory, event == null ? CL_TRUE : CL_FALSE, 0, bytes, host, waitFor.length,
                waitFor.length == 0 ? null : waitFor, event), "clEnqueueReadBuffer(" + bytes + " bytes" + (event == null ? ")" : ", non-blocking)"));
    }

    /** Copies {@code dst.remaining()} bytes from {@code memory} at {@code byteOffset} (blocking). */
    void read(cl_mem memory, long byteOffset, ByteBuffer dst) {
        check.check(clEnqueueReadBuffer(queue, memory, CL_TRUE, byteOffset, dst.remaining(), Pointer.toBuffer(dst), 0, null, null),
                "clEnqueueReadBuffer(" + dst.remaining() + " bytes)");
    }

    /** Copies {@code src}'s remaining bytes to {@code memory} from byte {@code byteOffset} (blocking). */
    void write(cl_mem memory, long byteOffset, ByteBuffer src) {
        check.check(clEnqueueWriteBuffer(queue, memory, CL_TRUE, byteOffset, src.remaining(), Pointer.toBuffer(src), 0, null, null),
                "clEnqueueWriteBuffer(" + src.remaining() + " bytes)");
    }

    void close() {
        if (transfer != queue) {
            clReleaseCommandQueue(transfer);
        }
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
