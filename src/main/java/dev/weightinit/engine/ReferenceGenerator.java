package dev.weightinit.engine;

/**
 * The reference generator: element values of a {@link FillSpec}'s tensor computed on the calling
 * thread, block by block, exactly as stream spec §2–§4 state, in the plainest code. The fast
 * generators ({@link ScalarGenerator}, {@link SimdGenerator}, and {@link AdaptiveGenerator} that
 * the CPU backend runs) and the OpenCL kernels must equal it bit for bit; it is what they are
 * tested against, and what {@code bench} verifies devices with.
 *
 * <p>Thread-safe: stateless; callers own the arrays they pass.
 */
public final class ReferenceGenerator implements FloatGenerator {

    @Override
    public void generate(FillSpec spec, long start, float[] dst, int offset, int count) {
        compute(spec, start, dst, offset, count);
    }

    @Override
    public String kind() {
        return "reference";
    }

    /**
     * Writes the float32 values (before any dtype rounding) of elements {@code [start, start + count)}
     * to {@code dst[offset ..]}. For {@link Distribution#RAW_BITS} the words are written as float
     * bit patterns ({@link Float#intBitsToFloat}); use {@link #generateRaw} to get them as ints.
     *
     * @param start first element index, {@code >= 0}
     * @param count number of elements, {@code >= 0}, with {@code start + count} not overflowing
     */
    public static void compute(FillSpec spec, long start, float[] dst, int offset, int count) {
        int k0 = StreamSpec.key0(spec.seed());
        int k1 = StreamSpec.key1(spec.seed());
        int c2 = StreamSpec.counter2(spec.stream());
        int c3 = StreamSpec.counter3(spec.stream());
        float a = spec.offset();
        float b = spec.scale();
        Distribution distribution = spec.distribution();
        int[] words = new int[4];
        float[] values = new float[4];
        long end = start + count;
        long element = start;
        while (element < end) {
            long block = element >>> 2;
            Philox.block((int) block, (int) (block >>> 32), c2, c3, k0, k1, words, 0);
            transform(spec, words, values);
            int firstLane = (int) (element & 3);
            int lastLane = (int) Math.min(3, end - 1 - (block << 2));
            int out = offset + (int) (element - start);
            for (int lane = firstLane; lane <= lastLane; lane++) {
                dst[out++] = values[lane];
            }
            element = (block << 2) + lastLane + 1;
        }
    }

    /** A fast path over whole blocks, for {@link #generateWholeBlocks}. */
    @FunctionalInterface
    interface WholeBlocks {
        /**
         * Writes the values of blocks {@code [first, end)}, or of a prefix of them, to {@code dst}
         * from {@code out} (four per block).
         *
         * @return the first block not written; the reference writes the rest
         */
        long generate(long first, long end, int out);
    }

    /**
     * {@link #compute}'s contract with the whole blocks inside {@code [start, start + count)} handed
     * to {@code fast} (when there are at least {@code minBlocks}) and the partial blocks at either
     * end, and whatever {@code fast} leaves, computed here.
     */
    static void generateWholeBlocks(FillSpec spec, long start, float[] dst, int offset, int count, int minBlocks,
                                    WholeBlocks fast) {
        long end = start + count;
        long firstWhole = (start + 3) >>> 2;
        long endWhole = end >>> 2;
        if (endWhole - firstWhole < Math.max(1, minBlocks)) {
            compute(spec, start, dst, offset, count);
            return;
        }
        int head = (int) ((firstWhole << 2) - start);
        if (head > 0) {
            compute(spec, start, dst, offset, head);
        }
        long rest = fast.generate(firstWhole, endWhole, offset + head) << 2;
        if (end > rest) {
            compute(spec, rest, dst, offset + (int) (rest - start), (int) (end - rest));
        }
    }

    /** The raw Philox words of elements {@code [start, start + count)} of stream (seed, stream). */
    public static void generateRaw(long seed, long stream, long start, int[] dst, int offset, int count) {
        float[] bits = new float[count];
        compute(FillSpec.raw(seed, stream), start, bits, 0, count);
        for (int i = 0; i < count; i++) {
            dst[offset + i] = Float.floatToRawIntBits(bits[i]);
        }
    }

    /** Stream spec §3 and §4 for one block: four words to four float32 values {@code a + b * z}. */
    static void transform(FillSpec spec, int[] x, float[] out) {
        float a = spec.offset();
        float b = spec.scale();
        switch (spec.distribution()) {
            case RAW_BITS -> {
                for (int lane = 0; lane < 4; lane++) {
                    out[lane] = Float.intBitsToFloat(x[lane]);
                }
            }
            case UNIFORM -> {
                for (int lane = 0; lane < 4; lane++) {
                    out[lane] = a + b * Transforms.uniform(x[lane]);
                }
            }
            case NORMAL -> {
                float r01 = Transforms.normalRadius(x[0]);
                float r23 = Transforms.normalRadius(x[2]);
                out[0] = a + b * Transforms.normalEven(r01, x[1]);
                out[1] = a + b * Transforms.normalOdd(r01, x[1]);
                out[2] = a + b * Transforms.normalEven(r23, x[3]);
                out[3] = a + b * Transforms.normalOdd(r23, x[3]);
            }
            case TRUNCATED_NORMAL -> {
                for (int lane = 0; lane < 4; lane++) {
                    out[lane] = a + b * Transforms.truncatedNormal(x[lane]);
                }
            }
            case BOUNDED_NORMAL -> {
                Truncation t = spec.truncation();
                for (int lane = 0; lane < 4; lane++) {
                    out[lane] = t.clamp(a + b * Transforms.boundedNormal(x[lane], t));
                }
            }
        }
    }
}
