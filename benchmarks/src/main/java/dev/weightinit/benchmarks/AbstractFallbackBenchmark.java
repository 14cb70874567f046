package dev.weightinit.benchmarks;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.ScalarGenerator;
import dev.weightinit.engine.VectorSupport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Java fallback's backend for a benchmark: on {@code threads} threads (0: every processor), with
 * the generator named by {@code generator}: {@code fastest} (what users get; the SIMD warm-up is
 * awaited so that it is timed warm, as JMH intends) or {@code scalar}. Subclasses add what they fill.
 */
public abstract class AbstractFallbackBenchmark extends AbstractBenchmark {
    /** 0 means every available processor. */
    @Param({"1", "0"})
    public int threads;
    /** {@code fastest} (SIMD where the JVM has it) or {@code scalar}. */
    @Param({"fastest"})
    public String generator;

    protected CpuBackend cpu;

    @Setup
    public void openBackend() throws InterruptedException {
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        switch (generator) {
            case "scalar" -> cpu = new CpuBackend(n, ScalarGenerator::new);
            case "fastest" -> {
                VectorSupport.awaitWarmUp(5, TimeUnit.MINUTES);
                cpu = new CpuBackend(n);
            }
            default -> throw new IllegalArgumentException("generator '" + generator + "' is not valid: expected fastest or scalar");
        }
    }

    @TearDown
    public void closeBackend() {
        cpu.close();
    }
}
