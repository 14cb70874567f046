package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clSetKernelArg;
import static org.jocl.CL.clWaitForEvents;

import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.StreamSpec;
import dev.weightinit.engine.Truncation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Enqueues {@code wi_fill} over a range of elements: {@code blocksPerWorkItem} Philox blocks per
 * work-item, one work-group size for the backend's life ({@link #workGroupSize}), and launches of at most {@code maxWorkItemsPerLaunch}
 * work-items. Owns every event it creates and releases it. Thread-safe: kernel arguments are set
 * and launches enqueued under one lock ({@code clSetKernelArg} is the one OpenCL call that is not).
 */
final class FillLauncher {
    static final cl_event[] NO_EVENTS = new cl_event[0];
    private final DeviceContext device;
    private final ProgramCache programs;
    private final int blocksPerWorkItem;
    private final long requestedMaxWorkItems;
    /** 0 until derived; written under the lock. */
    private long localWorkSize;
    private long maxWorkItemsPerLaunch;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param localWorkSize the work-group size, or 0 to derive it from the fill kernel and the device
     *                      at the first launch ({@link #workGroupSize})
     */
    FillLauncher(DeviceContext device, ProgramCache programs, int blocksPerWorkItem, long localWorkSize, long maxWorkItemsPerLaunch) {
        this.device = device;
        this.programs = programs;
        this.blocksPerWorkItem = blocksPerWorkItem;
        this.requestedMaxWorkItems = maxWorkItemsPerLaunch;
        if (localWorkSize > 0) {
            setLocalWorkSize(localWorkSize);
        }
    }

    private void setLocalWorkSize(long local) {
        this.localWorkSize = local;
        this.maxWorkItemsPerLaunch = Math.max(local, requestedMaxWorkItems / local * local);
    }

    /**
     * The work-group size the device asks for: a multiple of the kernel's
     * {@code CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE} (the warp or wavefront on GPUs), 256
     * work-items on GPUs (enough warps per group to hide memory latency) and one multiple on CPU
     * devices (whose compilers turn a group into a loop over vector lanes), within the kernel's
     * {@code CL_KERNEL_WORK_GROUP_SIZE}. Fixed for the backend's life: PoCL compiles a kernel anew
     * for every local size it meets.
     */
    static long workGroupSize(long preferredMultiple, long kernelMax, boolean cpu) {
        long multiple = Math.max(1, preferredMultiple);
        long max = Math.max(1, kernelMax);
        long target = cpu ? multiple : Math.max(multiple, 256 / multiple * multiple);
        if (target <= max) {
            return target;
        }
        return max >= multiple ? max / multiple * multiple : max;
    }

    /** The work-group size in use: given, or derived from the first kernel launched (here the uniform float32 one if none was). */
    long localWorkSize() {
        return localWorkSize(null);
    }

    /** The work-group size, derived from {@code kernel} (the one about to run; no other is built for it) at the first call. */
    private long localWorkSize(cl_kernel kernel) {
        lock.lock();
        try {
            if (localWorkSize == 0) {
                cl_kernel queried = kernel != null ? kernel
                        : programs.fillKernel(dev.weightinit.engine.Distribution.UNIFORM, dev.weightinit.engine.DType.FLOAT32);
                long[] preferred = new long[1];
                long[] max = new long[1];
                device.check.check(clGetKernelWorkGroupInfo(queried, device.info.device(), CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE,
                        Sizeof.size_t, Pointer.to(preferred), null), "clGetKernelWorkGroupInfo(PREFERRED_WORK_GROUP_SIZE_MULTIPLE)");
                device.check.check(clGetKernelWorkGroupInfo(queried, device.info.device(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
                        Pointer.to(max), null), "clGetKernelWorkGroupInfo(WORK_GROUP_SIZE)");
                setLocalWorkSize(workGroupSize(preferred[0], max[0], device.info.type() == OpenClDeviceInfo.Type.CPU));
            }
            return localWorkSize;
        } finally {
            lock.unlock();
        }
    }

    /** Enqueues the fill without waiting; the in-order queue makes later commands see the values. */
    void enqueue(FillSpec spec, long start, long count, cl_mem dst, long dstOffset) {
        for (cl_event event : launch(spec, start, count, dst, dstOffset, NO_EVENTS)) {
            clReleaseEvent(event);
        }
    }

    /**
     * Enqueues the fill after {@code waitFor} (events of another queue) without waiting; returns the
     * events of its launches, which the caller releases.
     */
    List<cl_event> enqueueAfter(FillSpec spec, long start, long count, cl_mem dst, long dstOffset, cl_event[] waitFor) {
        return launch(spec, start, count, dst, dstOffset, waitFor);
    }

    /** Enqueues the fill, waits for it, and returns its kernel time in nanoseconds (profiling events). */
    long enqueueTimed(FillSpec spec, long start, long count, cl_mem dst, long dstOffset) {
        List<cl_event> events = launch(spec, start, count, dst, dstOffset, NO_EVENTS);
        try {
            if (!events.isEmpty()) {
                device.check.check(clWaitForEvents(events.size(), events.toArray(cl_event[]::new)), "clWaitForEvents");
            }
            long nanos = 0;
            for (cl_event event : events) {
                long[] begin = new long[1];
                long[] end = new long[1];
                device.check.check(clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(begin),
                        null), "clGetEventProfilingInfo");
                device.check.check(clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end),
                        null), "clGetEventProfilingInfo");
                nanos += end[0] - begin[0];
            }
            return nanos;
        } finally {
            events.forEach(org.jocl.CL::clReleaseEvent);
        }
    }

    /** The launches of one fill; the caller owns the events (all released here on failure). */
    private List<cl_event> launch(FillSpec spec, long start, long count, cl_mem dst, long dstOffset, cl_event[] waitFor) {
        List<cl_event> events = new ArrayList<>();
        if (count == 0) {
            return events;
        }
        cl_kernel kernel = programs.fillKernel(spec.distribution(), spec.dtype());
        long localWorkSize = localWorkSize(kernel);
        long maxWorkItemsPerLaunch = this.maxWorkItemsPerLaunch;
        long firstBlock = start >>> 2;
        long blocks = ((start + count - 1) >>> 2) - firstBlock + 1;
        long workItems = (blocks + blocksPerWorkItem - 1) / blocksPerWorkItem;
        try {
            for (long done = 0; done < workItems; done += maxWorkItemsPerLaunch) {
                long items = Math.min(maxWorkItemsPerLaunch, workItems - done);
                long global = (items + localWorkSize - 1) / localWorkSize * localWorkSize;
                cl_event event = new cl_event();
                lock.lock();
                try {
                    int arg = 0;
                    setArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(dst));
                    setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {dstOffset}));
                    setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {firstBlock + done * blocksPerWorkItem}));
                    setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {start}));
                    setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {start + count}));
                    setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.key0(spec.seed())}));
                    setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.key1(spec.seed())}));
                    setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.counter2(spec.stream())}));
                    setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.counter3(spec.stream())}));
                    setArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {spec.offset()}));
                    setArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {spec.scale()}));
                    Truncation t = spec.truncation();
                    float[] bounds = t == null ? new float[] {0, 0, 1, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY}
                            : new float[] {t.lowerMass(), t.upperMass(), t.width(), t.low(), t.high()};
                    for (float bound : bounds) {
                        setArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {bound}));
                    }
                    device.check.check(clEnqueueNDRangeKernel(device.queue, kernel, 1, null, new long[] {global},
                            new long[] {localWorkSize}, waitFor.length, waitFor.length == 0 ? null : waitFor, event),
                            "clEnqueueNDRangeKernel(wi_fill)");
                } finally {
                    lock.unlock();
                }
                events.add(event);
            }
        } catch (RuntimeException e) {
            events.forEach(org.jocl.CL::clReleaseEvent);
            throw e;
        }
        return events;
    }

    private void setArg(cl_kernel kernel, int index, long size, Pointer value) {
        device.check.check(clSetKernelArg(kernel, index, size, value), "clSetKernelArg(" + index + ")");
    }
}
