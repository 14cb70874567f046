package dev.weightinit.engine;

/**
 * The transforms of stream spec §3 that turn Philox words into values. Each constant carries the
 * integer code its OpenCL kernels are compiled with ({@code -DWI_DIST=code} in {@code fill.cl}).
 */
public enum Distribution {
    /** The Philox words themselves, as unsigned 32-bit integers; only with {@link DType#UINT32}. */
    RAW_BITS(0, "raw"),
    /** {@code u = m(x) * 2^-24} in {@code [0, 1)}, exact. */
    UNIFORM(1, "uniform"),
    /** Box–Muller on lane pairs (0,1) and (2,3): standard normal, tails to about 5.77. */
    NORMAL(2, "normal"),
    /** Inverse-CDF standard normal truncated to {@code (-2, 2)}, one word per element. */
    TRUNCATED_NORMAL(3, "truncated_normal"),
    /**
     * Stream spec version 2: the standard normal cut to any {@code [α, β]} ({@link Truncation}), by
     * inverse CDF on the tail masses, one word per element; the values are clamped to the bounds.
     */
    BOUNDED_NORMAL(4, "bounded_normal");

    private final int kernelCode;
    private final String specName;

    Distribution(int kernelCode, String specName) {
        this.kernelCode = kernelCode;
        this.specName = specName;
    }

    /** Whether the Java fallback has a Vector API form of it (the bounded normal runs lane by lane, the same bits). */
    boolean vectorized() {
        return this != BOUNDED_NORMAL;
    }

    /** The value of the {@code WI_DIST} macro that selects this transform in {@code fill.cl}. */
    public int kernelCode() {
        return kernelCode;
    }

    /** The lower-case name used in the spec, the CLI and reports. */
    public String specName() {
        return specName;
    }
}
