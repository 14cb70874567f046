package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseProgram;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * The fill programs of one device ({@code kernels/fill.cl}), built once per option set and cached,
 * and the build of any other {@code kernels/} program. Thread-safe; {@link #close()} releases
 * every cached kernel and program.
 */
final class ProgramCache {
    private record Program(cl_program program, cl_kernel kernel) {
    }

    private final DeviceContext device;
    private final int blocksPerWorkItem;
    private final boolean integerFloat64;
    private final String extraArithmeticOptions;
    private final Map<String, Program> programs = new ConcurrentHashMap<>();

    /**
     * @param extraArithmeticOptions appended to every build ({@code ""} in production; tests pass
     *                               options that break bit-exactness to see certification fail)
     */
    ProgramCache(DeviceContext device, int blocksPerWorkItem, boolean integerFloat64, String extraArithmeticOptions) {
        this.device = device;
        this.blocksPerWorkItem = blocksPerWorkItem;
        this.integerFloat64 = integerFloat64;
        this.extraArithmeticOptions = extraArithmeticOptions;
    }

    /** The {@code wi_fill} kernel for one transform and dtype; shared, so set its arguments under one lock. */
    cl_kernel fillKernel(Distribution distribution, DType dtype) {
        return programs.computeIfAbsent(fillOptions(distribution, dtype), this::buildFill).kernel();
    }

    /** The build options of the fill program for one transform and dtype on this device. */
    String fillOptions(Distribution distribution, DType dtype) {
        StringBuilder options = new StringBuilder()
                .append("-DWI_BLOCKS_PER_ITEM=").append(blocksPerWorkItem)
                .append(" -DWI_DIST=").append(distribution.kernelCode())
                .append(" -DWI_DTYPE=").append(dtype.kernelCode());
        if (integerFloat64) {
            options.append(" -DWI_NO_FP64");
        }
        return options.append(arithmeticOptions()).toString();
    }

    /** The options every program of this device is built with that change float arithmetic. */
    String arithmeticOptions() {
        return (device.info.correctlyRoundedDivideSqrt() ? " -cl-fp32-correctly-rounded-divide-sqrt" : "") + extraArithmeticOptions;
    }

    private Program buildFill(String buildOptions) {
        cl_program program = compile(KernelSources.FILL_PROGRAM, buildOptions);
        int[] error = new int[1];
        cl_kernel kernel = clCreateKernel(program, "wi_fill", error);
        if (error[0] != CL_SUCCESS) {
            clReleaseProgram(program);
            device.check.check(error[0], "clCreateKernel(wi_fill)");
        }
        return new Program(program, kernel);
    }

    /**
     * Builds the named {@code kernels/} sources as one program for this device; the caller releases it.
     *
     * @throws OpenClException with the build log if it does not compile
     */
    cl_program compile(List<String> sourceFiles, String buildOptions) {
        String[] sources = KernelSources.loadAll(sourceFiles);
        int[] error = new int[1];
        cl_program program = clCreateProgramWithSource(device.context, sources.length, sources, null, error);
        device.check.check(error[0], "clCreateProgramWithSource");
        int status = clBuildProgram(program, 1, new cl_device_id[] {device.info.device()}, buildOptions, null, null);
        if (status != CL_SUCCESS) {
            String log = buildLog(program);
            clReleaseProgram(program);
            throw new OpenClException("clBuildProgram(" + buildOptions + ")", device.info.describe(), status, log);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        if (clGetProgramBuildInfo(program, device.info.device(), CL_PROGRAM_BUILD_LOG, 0, null, size) != CL_SUCCESS) {
            return "(build log unavailable)";
        }
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device.info.device(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        int length = log.length;
        while (length > 0 && log[length - 1] == 0) {
            length--;
        }
        return new String(log, 0, length, StandardCharsets.UTF_8);
    }

    void close() {
        for (Program program : programs.values()) {
            clReleaseKernel(program.kernel());
            clReleaseProgram(program.program());
        }
        programs.clear();
    }
}
