package dev.weightinit.benchmarks;

import dev.weightinit.backend.opencl.DeviceTensor;
import dev.weightinit.backend.opencl.DeviceMeasurements;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The best OpenCL device writing a device buffer: the primary score is wall time from enqueue to
 * {@code clFinish}; the auxiliary counters {@code kernelNanos}/{@code launches} give kernel time
 * from OpenCL profiling events ({@link DeviceMeasurements#timedFill}, the timing {@code bench} uses too). No host read-back ({@link Ceilings#readBack} measures it).
 */
public class OpenClBenchmark extends AbstractBenchmark {
    @Param({"1048576", "16777216", "67108864"})
    public int size;
    @Param({"RAW_BITS", "UNIFORM", "NORMAL", "TRUNCATED_NORMAL", "NORMAL_BF16"})
    public String transform;

    private OpenClBackend device;
    private DeviceMeasurements measure;
    private DeviceTensor buffer;
    private FillSpec spec;

    /** Kernel time summed over the iteration, from profiling events. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class KernelTime {
        public long kernelNanos;
        public long launches;

        @Setup(Level.Iteration)
        public void reset() {
            kernelNanos = 0;
            launches = 0;
        }
    }

    static OpenClBackend open() {
        return new OpenClBackend(OpenClPlatforms.discover().best().orElseThrow(() -> new IllegalStateException("no OpenCL device")));
    }

    @Setup
    public void setUp() {
        device = open();
        measure = new DeviceMeasurements(device);
        spec = switch (transform) {
            case "NORMAL_BF16" -> FillSpec.unit(42L, 7L, Distribution.NORMAL).withDtype(DType.BFLOAT16);
            default -> FillSpec.unit(42L, 7L, Distribution.valueOf(transform));
        };
        buffer = device.allocate(size, spec.dtype());
        generate(new KernelTime()); // build the program and touch the buffer before timing
    }

    @TearDown
    public void tearDown() {
        measure.close();
        device.close();
    }

    @Benchmark
    public void generate(KernelTime time) {
        time.kernelNanos += measure.timedFill(spec, 0, size, buffer, 0);
        time.launches++;
    }

    /** The device's write ceiling (clEnqueueFillBuffer) and the host read-back of float32 tensors. */
    public static class Ceilings extends AbstractBenchmark {
        @Param({"1048576", "16777216", "67108864"})
        public int size;

        private OpenClBackend device;
        private DeviceMeasurements measure;
        private DeviceTensor buffer;
        private ByteBuffer host;

        @Setup
        public void setUp() {
            device = open();
            measure = new DeviceMeasurements(device);
            buffer = device.allocate(size, DType.FLOAT32);
            host = ByteBuffer.allocateDirect(4 * size).order(ByteOrder.LITTLE_ENDIAN);
            fillBuffer();
            readBack();
        }

        @TearDown
        public void tearDown() {
            measure.close();
            device.close();
        }

        @Benchmark
        public void fillBuffer() {
            measure.driverFill(buffer);
        }

        @Benchmark
        public ByteBuffer readBack() {
            host.clear();
            buffer.read(0, host);
            return host;
        }
    }
}
