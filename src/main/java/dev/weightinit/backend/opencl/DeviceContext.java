package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_ENDIAN_LITTLE;
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
import org.jocl.cl_mem;

/**
 * One device's context and its one in-order, profiling command queue, with the blocking copies
 * between host and device. Warns once per JVM when the platform replaces the JVM's signal handlers
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
    final cl_command_queue queue;

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
        this.queue = created;
        if (SignalChaining.replacesJvmHandlers(info) && !SignalChaining.active() && !warnedAboutSignals) {
            warnedAboutSignals = true;
            LOG.log(System.Logger.Level.WARNING, info.platformName() + " replaces the JVM's signal handlers: start the JVM with "
                    + "LD_PRELOAD=" + SignalChaining.library().map(Object::toString).orElse("$JAVA_HOME/lib/libjsig.so")
                    + " or it may crash (see the weightinit README)");
        }
    }

    /** Waits until every enqueued command has finished. */
    void finish() {
        check.check(clFinish(queue), "clFinish");
    }

    /** Copies {@code dst.remaining()} bytes from {@code memory} at {@code byteOffset} (blocking). */
    void read(cl_mem memory, long byteOffset, ByteBuffer dst) {
        check.check(clEnqueueReadBuffer(queue, memory, CL_TRUE, byteOffset, dst.remaining(), Pointer.toBuffer(dst), 0, null, null),
                "clEnqueueReadBuffer(" + dst.remaining() + " bytes)");
    }

    /** Copies {@code n} float32 values from {@code memory} at {@code byteOffset} into {@code dst[offset ..]} (blocking). */
    void read(cl_mem memory, long byteOffset, float[] dst, int offset, int n) {
        check.check(clEnqueueReadBuffer(queue, memory, CL_TRUE, byteOffset, 4L * n, Pointer.to(dst).withByteOffset(4L * offset), 0,
                null, null), "clEnqueueReadBuffer(" + 4L * n + " bytes)");
    }

    /** Copies {@code src}'s remaining bytes to {@code memory} from byte {@code byteOffset} (blocking). */
    void write(cl_mem memory, long byteOffset, ByteBuffer src) {
        check.check(clEnqueueWriteBuffer(queue, memory, CL_TRUE, byteOffset, src.remaining(), Pointer.toBuffer(src), 0, null, null),
                "clEnqueueWriteBuffer(" + src.remaining() + " bytes)");
    }

    void close() {
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
