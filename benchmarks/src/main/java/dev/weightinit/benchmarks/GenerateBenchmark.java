package dev.weightinit.benchmarks;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.VectorSupport;
import dev.weightinit.keras.HeNormal;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a Java user calls, side by side with the engine's best case on the same backend (issue
 * "Speed where users call it", item 1): {@code generate(shape)} returning a new {@code float[]},
 * {@code generateHalves} returning a new bfloat16 {@code short[]} and {@code generateBytes} a new
 * bfloat16 {@code ByteBuffer}, against {@code fill} into a
 * reused buffer of the same dtype from {@code Backend.allocateHostBuffer} (what it fills fastest). HeNormal on 4096 x 4096 (16M elements) by default. The ratio
 * generate / fill is the target (at least 0.9).
 */
public class GenerateBenchmark extends AbstractBenchmark {
    /** Elements: a 4096 x (size / 4096) tensor. */
    @Param({"16777216"})
    public int size;
    @Param({"cpu", "opencl"})
    public String backend;

    private Shape shape;

    private Backend device;
    private final HeNormal initializer = new HeNormal(1);
    private ByteBuffer floats;
    private ByteBuffer halves;

    @Setup
    public void setUp() throws InterruptedException {
        shape = Shape.of(4096, size / 4096);
        device = "cpu".equals(backend) ? new CpuBackend() : OpenClBenchmark.open();
        if (device instanceof CpuBackend) {
            VectorSupport.awaitWarmUp(60, TimeUnit.SECONDS); // time the SIMD path warm, as a long job runs it
        }
        // The engine's best case: the host memory the backend fills fastest (page-aligned; in place on PoCL).
        floats = device.allocateHostBuffer(4 * size);
        halves = device.allocateHostBuffer(2 * size);
        for (int i = 0; i < 3; i++) { // compile the kernels and the SIMD passes, touch the buffers
            fillFloats();
            fillBfloat16();
            generateFloats();
            generateBfloat16();
        }
    }

    @TearDown
    public void tearDown() {
        device.releaseHostBuffer(floats);
        device.releaseHostBuffer(halves);
        device.close();
    }

    @Benchmark
    public float[] generateFloats() {
        return initializer.generate(shape, device);
    }

    @Benchmark
    public ByteBuffer fillFloats() {
        floats.clear();
        initializer.fill(TensorSpec.of(shape, DType.FLOAT32), 0, floats, device);
        return floats;
    }

    @Benchmark
    public short[] generateBfloat16() {
        return initializer.generateHalves(shape, DType.BFLOAT16, device);
    }

    @Benchmark
    public ByteBuffer generateBytesBfloat16() {
        return initializer.generateBytes(TensorSpec.of(shape, DType.BFLOAT16), device);
    }

    @Benchmark
    public ByteBuffer fillBfloat16() {
        halves.clear();
        initializer.fill(TensorSpec.of(shape, DType.BFLOAT16), 0, halves, device);
        return halves;
    }
}
