package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;
import static org.jocl.CL.clWaitForEvents;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Times the write kernels of {@code kernels/ceilings.cl} over every device buffer of a tensor:
 * what the device writes at best, the ceiling {@code bench} divides generation rates by. Built
 * on first use and released by the backend. Thread-safe (one lock).
 */
final class WriteCeiling {
    private final DeviceContext device;
    private final ProgramCache programs;
    private cl_program program;
    private final cl_kernel[] kernels = new cl_kernel[3];

    WriteCeiling(DeviceContext device, ProgramCache programs) {
        this.device = device;
        this.programs = programs;
    }

    /**
     * Device nanoseconds of writing every byte of {@code tensor} with {@code width}-wide stores
     * (1, 4 or 16 uints) in work-groups of {@code local} (or the driver's choice when 0).
     */
    synchronized long time(DeviceTensor tensor, int width, long local) {
        int index = switch (width) {
            case 1 -> 0;
            case 4 -> 1;
            case 16 -> 2;
            default -> throw new IllegalArgumentException("width " + width + ": expected 1, 4 or 16");
        };
        cl_kernel kernel = kernel(index, width);
        long nanos = 0;
        for (DeviceTensor.Segment segment : tensor.segments()) {
            long stores = segment.count() * tensor.dtype().bytes() / 4 / width;
            if (stores == 0) {
                continue;
            }
            long global = local > 0 ? (stores + local - 1) / local * local : stores;
            device.check.check(clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(segment.memory())), "clSetKernelArg(0)");
            device.check.check(clSetKernelArg(kernel, 1, Sizeof.cl_ulong, Pointer.to(new long[] {stores})), "clSetKernelArg(1)");
            device.check.check(clSetKernelArg(kernel, 2, Sizeof.cl_uint, Pointer.to(new int[] {0x3F800000})), "clSetKernelArg(2)");
            cl_event event = new cl_event();
            device.check.check(clEnqueueNDRangeKernel(device.queue, kernel, 1, null, new long[] {global},
                    local > 0 ? new long[] {local} : null, 0, null, event), "clEnqueueNDRangeKernel(wi_write" + width + ")");
            try {
                device.check.check(clWaitForEvents(1, new cl_event[] {event}), "clWaitForEvents");
                long[] begin = new long[1];
                long[] end = new long[1];
                device.check.check(clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(begin), null),
                        "clGetEventProfilingInfo");
                device.check.check(clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null),
                        "clGetEventProfilingInfo");
                nanos += end[0] - begin[0];
            } finally {
                clReleaseEvent(event);
            }
        }
        return nanos;
    }

    private cl_kernel kernel(int index, int width) {
        if (program == null) {
            program = programs.compile(KernelSources.CEILINGS_PROGRAM, "");
        }
        if (kernels[index] == null) {
            int[] error = new int[1];
            cl_kernel kernel = clCreateKernel(program, "wi_write" + width, error);
            device.check.check(error[0], "clCreateKernel(wi_write" + width + ")");
            kernels[index] = kernel;
        }
        return kernels[index];
    }

    synchronized void close() {
        for (cl_kernel kernel : kernels) {
            if (kernel != null) {
                clReleaseKernel(kernel);
            }
        }
        if (program != null) {
            clReleaseProgram(program);
        }
    }
}
