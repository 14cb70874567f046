package dev.weightinit.benchmarks;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** The Java fallback filling a float[] (float32) or a direct buffer (bfloat16), on 1 thread and on all. */
public class JavaFallbackBenchmark extends AbstractFallbackBenchmark {
    @Param({"1048576", "16777216", "67108864"})
    public int size;
    @Param({"UNIFORM", "NORMAL", "TRUNCATED_NORMAL"})
    public Distribution distribution;

    private FillSpec spec;
    private float[] out;

    @Setup
    public void setUp() {
        spec = FillSpec.unit(42L, 7L, distribution);
        out = new float[size];
    }

    @Benchmark
    public float[] fill() {
        cpu.fill(spec, 0, out, 0, size);
        return out;
    }

    /** bfloat16 normal, the dtype large models use. */
    public static class Bfloat16Normal extends AbstractFallbackBenchmark {
        @Param({"1048576", "16777216", "67108864"})
        public int size;

        private ByteBuffer out;
        private final FillSpec spec = FillSpec.unit(42L, 7L, Distribution.NORMAL).withDtype(DType.BFLOAT16);

        @Setup
        public void setUp() {
            out = ByteBuffer.allocateDirect(2 * size).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Benchmark
        public ByteBuffer fill() {
            cpu.fill(spec, 0, out);
            return out;
        }
    }

    /** Raw Philox words: the generator alone. */
    public static class RawBits extends AbstractFallbackBenchmark {
        @Param({"16777216"})
        public int size;

        private ByteBuffer out;

        @Setup
        public void setUp() {
            out = ByteBuffer.allocateDirect(4 * size).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Benchmark
        public ByteBuffer fill() {
            cpu.fill(FillSpec.raw(42L, 7L), 0, out);
            return out;
        }
    }
}
