package dev.weightinit.benchmarks;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.BatchGenerator;
import dev.weightinit.engine.VectorSupport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Settings every benchmark shares: time per fill of {@code size} elements (RatesReport turns it
 * into samples/s), one fork per benchmark so peers never share a JIT profile, short iterations
 * sized for a 2-core machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms6g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class AbstractBenchmark {
    /**
     * The Java fallback on {@code threads} threads (0: every processor) with the generator named by
     * a benchmark's {@code generator} parameter: {@code fastest} (what users get; the SIMD warm-up
     * is awaited so that it is timed warm, as JMH intends) or {@code scalar}.
     */
    static CpuBackend cpuBackend(int threads, String generator) {
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        switch (generator) {
            case "scalar":
                return new CpuBackend(n, BatchGenerator::new);
            case "fastest":
                try {
                    VectorSupport.awaitWarmUp(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during the SIMD warm-up", e);
                }
                return new CpuBackend(n);
            default:
                throw new IllegalArgumentException("generator '" + generator + "' is not valid: expected fastest or scalar");
        }
    }
}
