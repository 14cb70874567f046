package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;

import dev.weightinit.engine.TransformStep;
import dev.weightinit.engine.Truncation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * Evaluates every step of stream spec §3 ({@link TransformStep}) on all 2^24 inputs on an OpenCL
 * device, with the transforms and arithmetic build options of its fill program
 * ({@code kernels/steps.cl}), and compares each value with the Java reference bit for bit.
 *
 * <p>Not thread-safe; uses its backend's queue, which other threads may use meanwhile. Holds
 * device memory only during {@link #run} (a buffer of {@link #CHUNK} words per step).
 */
public final class TransformStepCheck {
    /** Inputs evaluated per launch: a multiple of 16 that divides 2^24. */
    static final int CHUNK = 1 << 22;

    /**
     * What one step gave on the device.
     *
     * @param step       the step
     * @param inputs     inputs evaluated (2^24 for a full run)
     * @param mismatches inputs whose device bits differ from the reference
     * @param firstInput the smallest such input, or -1
     * @param expected   the reference's bits there
     * @param actual     the device's bits there
     */
    public record Result(TransformStep step, long inputs, long mismatches, int firstInput, int expected, int actual) {
        public boolean passed() {
            return mismatches == 0;
        }

        @Override
        public String toString() {
            return step.description() + ": " + (passed() ? inputs + " inputs equal"
                    : mismatches + " of " + inputs + " inputs differ, first m = " + firstInput + String.format(
                    " (expected 0x%08x = %s, device 0x%08x = %s)", expected, Float.intBitsToFloat(expected), actual,
                    Float.intBitsToFloat(actual)));
        }
    }

    private final OpenClBackend backend;

    public TransformStepCheck(OpenClBackend backend) {
        this.backend = backend;
    }

    /**
     * Evaluates inputs {@code [0, inputs)} of every step ({@code inputs} rounded up to a whole
     * {@link #CHUNK}, at most 2^24) and compares them with {@link TransformStep#reference}.
     *
     * @return one result per step, in {@link TransformStep} order
     */
    public List<Result> run(int inputs) {
        if (inputs < 1 || inputs > TransformStep.INPUTS) {
            throw new IllegalArgumentException("inputs is " + inputs + ": expected 1 .. 2^24");
        }
        return backend.call(() -> evaluate(inputs, Long.MAX_VALUE));
    }

    /**
     * {@link #runAll()} unless it takes longer than {@code budgetNanos}: then empty (checked between
     * chunks of {@link #CHUNK} inputs).
     */
    java.util.Optional<List<Result>> runAllWithin(long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        return java.util.Optional.ofNullable(backend.call(() -> evaluate(TransformStep.INPUTS, deadline)));
    }

    private List<Result> evaluate(int inputs, long deadline) {
        int width = backend.blocksPerWorkItem();
        cl_program program = backend.programs().compile(KernelSources.STEPS_PROGRAM,
                "-DWI_BLOCKS_PER_ITEM=" + width + backend.programs().arithmeticOptions());
        cl_kernel kernel = null;
        List<cl_mem> buffers = new ArrayList<>();
        Map<TransformStep, long[]> tally = new EnumMap<>(TransformStep.class); // mismatches, first, expected, actual
        int evaluated = 0;
        try {
            int[] error = new int[1];
            kernel = clCreateKernel(program, "wi_steps", error);
            OpenClException.check(error[0], "clCreateKernel(wi_steps)", backend.description());
            for (TransformStep step : TransformStep.values()) {
                cl_mem memory = clCreateBuffer(backend.context().context, CL_MEM_WRITE_ONLY, (long) CHUNK * Integer.BYTES, null, error);
                OpenClException.check(error[0], "clCreateBuffer(" + CHUNK * Integer.BYTES + " bytes)", backend.description());
                buffers.add(memory);
                tally.put(step, new long[] {0, -1, 0, 0});
            }
            ByteBuffer host = ByteBuffer.allocateDirect(CHUNK * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long local = Math.min(64, CHUNK / width);
            for (int first = 0; first < inputs; first += CHUNK) {
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                    return null;
                }
                for (int arg = 0; arg < buffers.size(); arg++) {
                    check(clSetKernelArg(kernel, arg, Sizeof.cl_mem, Pointer.to(buffers.get(arg))), "clSetKernelArg");
                }
                int arg = buffers.size();
                check(clSetKernelArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {first})), "clSetKernelArg");
                check(clSetKernelArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {CHUNK})), "clSetKernelArg");
                for (Truncation t : new Truncation[] {Truncation.REFERENCE, Truncation.TAIL_REFERENCE}) {
                    for (float constant : new float[] {t.lowerMass(), t.upperMass(), t.width()}) {
                        check(clSetKernelArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {constant})), "clSetKernelArg");
                    }
                }
                check(clEnqueueNDRangeKernel(backend.context().queue, kernel, 1, null, new long[] {CHUNK / width},
                        new long[] {local}, 0, null, null), "clEnqueueNDRangeKernel(wi_steps)");
                for (TransformStep step : TransformStep.values()) {
                    backend.context().read(buffers.get(step.ordinal()), 0, host);
                    compare(step, first, host.asIntBuffer(), tally.get(step));
                }
                evaluated += CHUNK;
            }
        } finally {
            for (cl_mem memory : buffers) {
                clReleaseMemObject(memory);
            }
            if (kernel != null) {
                clReleaseKernel(kernel);
            }
            clReleaseProgram(program);
        }
        List<Result> results = new ArrayList<>();
        for (TransformStep step : TransformStep.values()) {
            long[] t = tally.get(step);
            results.add(new Result(step, evaluated, t[0], (int) t[1], (int) t[2], (int) t[3]));
        }
        return results;
    }

    /** Every 2^24 input of every step. */
    public List<Result> runAll() {
        return run(TransformStep.INPUTS);
    }

    private static void compare(TransformStep step, int first, IntBuffer device, long[] tally) {
        for (int i = 0; i < CHUNK; i++) {
            int m = first + i;
            int expected = step.reference(m);
            int actual = device.get(i);
            if (expected != actual) {
                if (tally[0]++ == 0) {
                    tally[1] = m;
                    tally[2] = expected;
                    tally[3] = actual;
                }
            }
        }
    }

    private void check(int status, String call) {
        if (status != CL_SUCCESS) {
            OpenClException.check(status, call, backend.description());
        }
    }
}
