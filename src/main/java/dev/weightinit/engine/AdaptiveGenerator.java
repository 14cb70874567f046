package dev.weightinit.engine;

/**
 * The scalar {@link ScalarGenerator} until {@link VectorSupport#ready} says the SIMD path is warm and
 * faster for the distribution asked for, then {@link SimdGenerator}. Same bits either way.
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class AdaptiveGenerator implements FloatGenerator {
    private final ScalarGenerator scalar = new ScalarGenerator();
    private FloatGenerator simd;

    @Override
    public String kind() {
        return VectorSupport.describe();
    }

    @Override
    public void generate(FillSpec spec, long start, float[] dst, int offset, int count) {
        if (!spec.distribution().vectorized()) {
            scalar.generate(spec, start, dst, offset, count); // no SIMD form: nothing to warm up
        } else if (VectorSupport.ready(spec.distribution())) {
            if (simd == null) {
                simd = VectorSupport.newGenerator();
            }
            simd.generate(spec, start, dst, offset, count);
        } else {
            VectorSupport.requestWarmUp(spec.distribution());
            scalar.generate(spec, start, dst, offset, count);
        }
    }
}
