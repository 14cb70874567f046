package dev.weightinit.engine;

/**
 * Computes float32 element values of a {@link FillSpec}'s tensor on the calling thread, bit for bit
 * equal to {@link ReferenceGenerator} (stream spec §2–§4). Implementations differ only in speed.
 *
 * <p>Instances are not thread-safe (they own scratch arrays): one per thread.
 */
public interface FloatGenerator {
    /** Same contract as {@link ReferenceGenerator#generate}. */
    void generate(FillSpec spec, long start, float[] dst, int offset, int count);

    /** What kind of code this is, for reports: e.g. {@code "scalar"} or {@code "SIMD 512-bit"}. */
    String kind();

    /**
     * A new generator of the fastest kind this JVM runs: when {@link VectorSupport#usable()}, one that
     * moves from scalar to SIMD code per distribution as the SIMD code warms up; else the scalar
     * {@link ScalarGenerator}.
     */
    static FloatGenerator fastest() {
        return VectorSupport.usable() ? new AdaptiveGenerator() : new ScalarGenerator();
    }
}
