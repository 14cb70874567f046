package dev.weightinit.benchmarks;

import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clReleaseEvent;

import dev.weightinit.backend.opencl.DeviceTensor;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The best OpenCL device writing a device buffer: wall time from enqueue to {@code clFinish},
 * no host read-back. {@code fillBufferCeiling} is {@code clEnqueueFillBuffer} of the same bytes,
 * the device's write-bandwidth ceiling.
 */
public class OpenClBenchmark extends AbstractBenchmark {
    @Param({"16777216"})
    public int size;
    @Param({"RAW_BITS", "UNIFORM", "NORMAL", "TRUNCATED_NORMAL"})
    public Distribution distribution;

    private OpenClBackend device;
    private DeviceTensor buffer;
    private FillSpec spec;

    @Setup
    public void setUp() {
        device = new OpenClBackend(OpenClPlatforms.discover().best()
                .orElseThrow(() -> new IllegalStateException("no OpenCL device")));
        spec = FillSpec.unit(42L, 7L, distribution);
        buffer = device.allocate(size, distribution == Distribution.RAW_BITS ? DType.UINT32 : DType.FLOAT32);
        generate(); // build the program and touch the buffer's pages before timing
    }

    @TearDown
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public void generate() {
        clReleaseEvent(device.enqueueFill(spec, 0, size, buffer.memory(), 0));
        device.finish();
    }

    @Benchmark
    public void fillBufferCeiling() {
        cl_event event = new cl_event();
        clEnqueueFillBuffer(device.queue(), buffer.memory(), Pointer.to(new float[] {1f}), 4, 0, 4L * size, 0, null, event);
        device.finish();
        clReleaseEvent(event);
    }
}
