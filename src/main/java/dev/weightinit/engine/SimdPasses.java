package dev.weightinit.engine;

/**
 * The fallback's Vector API passes over float arrays, for callers outside the engine (the writer's
 * statistics): widening float16 / bfloat16 bits to float32, and summing values and their squares in
 * double lanes. Use them only when {@link #usable()}, and prefer scalar loops until
 * {@link #ready(long)} says they are compiled. Thread-safe: stateless.
 */
public final class SimdPasses {
    private SimdPasses() {
    }

    /** Whether the JVM has the Vector API and preferred vectors of at least 256 bits ({@link VectorSupport#usable()}). */
    public static boolean usable() {
        return VectorSupport.usable();
    }

    /** Why SIMD is or is not used, for messages ({@link VectorSupport#describe()}). */
    public static String describe() {
        return VectorSupport.describe();
    }

    /**
     * Whether the passes {@code dtype}'s values go through (its widening where it has one, and the
     * moments) are compiled, for a caller about to process {@code elements} values of it (which count
     * toward asking the warm-up thread to compile them on small machines); only those are asked for.
     * Only when {@link #usable()}.
     */
    public static boolean ready(DType dtype, long elements) {
        return SimdConversions.ready(dtype, elements);
    }

    /** Adds the sum of {@code values[0, n)} to {@code sums[0]} and the sum of their squares to {@code sums[1]}. Only when {@link #usable()}. */
    public static void addMoments(float[] values, int n, double[] sums) {
        SimdConversions.addMoments(values, n, sums);
    }

    /** Widens {@code n} float16 or bfloat16 bit patterns to float32 values. Only when {@link #usable()}. */
    public static void toFloats(DType dtype, short[] halves, int n, float[] out) {
        SimdConversions.toFloats(dtype, halves, n, out);
    }
}
