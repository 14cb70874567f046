package dev.weightinit.benchmarks;

import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The OpenCL device filling host memory, as {@code init} does: {@code size} bfloat16 normals into a
 * reused direct buffer, in place ({@code CL_MEM_USE_HOST_PTR}, where the device shares host memory)
 * or staged (two device buffers, kernels on one queue and read-backs on another, what discrete GPUs
 * get), with {@code stagingElements} per chunk.
 */
public class HostFillBenchmark extends AbstractBenchmark {
    @Param({"33554432"})
    public int size;
    @Param({"inPlace", "staged"})
    public String path;
    @Param({"16777216", "1048576"})
    public long stagingElements;

    private OpenClBackend device;
    private ByteBuffer out;
    private final FillSpec spec = FillSpec.unit(1L, 2L, Distribution.NORMAL).withDtype(DType.BFLOAT16);

    @Setup
    public void setUp() {
        device = new OpenClBackend(OpenClPlatforms.discover().best().orElseThrow(() -> new IllegalStateException("no OpenCL device")),
                OpenClOptions.defaults().withAlwaysStage("staged".equals(path)).withStagingElements(stagingElements));
        out = ByteBuffer.allocateDirect(2 * size).order(ByteOrder.LITTLE_ENDIAN);
        fill();
    }

    @TearDown
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public ByteBuffer fill() {
        out.clear();
        device.fill(spec, 0, out);
        return out;
    }
}
