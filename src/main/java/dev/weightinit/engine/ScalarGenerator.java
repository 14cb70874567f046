package dev.weightinit.engine;

import static dev.weightinit.engine.StreamSpec.PHILOX_M0;
import static dev.weightinit.engine.StreamSpec.PHILOX_M1;
import static dev.weightinit.engine.StreamSpec.PHILOX_W0;
import static dev.weightinit.engine.StreamSpec.PHILOX_W1;

/**
 * The fast path of the Java fallback: the same arithmetic as {@link ReferenceGenerator}, bit for bit,
 * organised for the processor. Runs of {@link #BATCH} whole blocks go through each stage (Philox,
 * radius, angle, ...) as a loop of independent iterations, so the out-of-order core overlaps the
 * long dependency chains of consecutive blocks instead of waiting on each; partial blocks at either
 * end use the reference.
 *
 * <p>Not thread-safe: one instance per thread (it owns scratch arrays).
 */
public final class ScalarGenerator implements FloatGenerator {
    /** Blocks per batch: the scratch arrays stay in L1. */
    public static final int BATCH = 64;
    private static final long MASK32 = 0xFFFF_FFFFL;
    private static final long M0 = PHILOX_M0 & MASK32;
    private static final long M1 = PHILOX_M1 & MASK32;

    private final int[] x0 = new int[BATCH];
    private final int[] x1 = new int[BATCH];
    private final int[] x2 = new int[BATCH];
    private final int[] x3 = new int[BATCH];
    private final float[] r01 = new float[BATCH];
    private final float[] r23 = new float[BATCH];

    @Override
    public String kind() {
        return "scalar";
    }

    @Override
    public void generate(FillSpec spec, long start, float[] dst, int offset, int count) {
        ReferenceGenerator.generateWholeBlocks(spec, start, dst, offset, count, 1, (first, end, out) -> {
            int k0 = StreamSpec.key0(spec.seed());
            int k1 = StreamSpec.key1(spec.seed());
            int c2 = StreamSpec.counter2(spec.stream());
            int c3 = StreamSpec.counter3(spec.stream());
            for (long block = first; block < end; block += BATCH) {
                int n = (int) Math.min(BATCH, end - block);
                philox(block, n, k0, k1, c2, c3);
                transform(spec, n, dst, out);
                out += 4 * n;
            }
            return end;
        });
    }

    /**
     * Philox4x32-10 of blocks {@code first .. first + n - 1} into x0..x3, four blocks at a time so
     * that each round's multiplications of four independent blocks overlap.
     */
    private void philox(long first, int n, int k0, int k1, int c2, int c3) {
        int j = 0;
        for (; j + 3 < n; j += 4) {
            long block = first + j;
            int a0 = (int) block;
            int a1 = (int) (block >>> 32);
            int b0 = (int) (block + 1);
            int b1 = (int) ((block + 1) >>> 32);
            int d0 = (int) (block + 2);
            int d1 = (int) ((block + 2) >>> 32);
            int e0 = (int) (block + 3);
            int e1 = (int) ((block + 3) >>> 32);
            int a2 = c2;
            int a3 = c3;
            int b2 = c2;
            int b3 = c3;
            int d2 = c2;
            int d3 = c3;
            int e2 = c2;
            int e3 = c3;
            int key0 = k0;
            int key1 = k1;
            for (int round = 0; round < 10; round++) {
                long pa0 = (a0 & MASK32) * M0;
                long pa1 = (a2 & MASK32) * M1;
                long pb0 = (b0 & MASK32) * M0;
                long pb1 = (b2 & MASK32) * M1;
                long pd0 = (d0 & MASK32) * M0;
                long pd1 = (d2 & MASK32) * M1;
                long pe0 = (e0 & MASK32) * M0;
                long pe1 = (e2 & MASK32) * M1;
                a0 = (int) (pa1 >>> 32) ^ a1 ^ key0;
                a2 = (int) (pa0 >>> 32) ^ a3 ^ key1;
                a1 = (int) pa1;
                a3 = (int) pa0;
                b0 = (int) (pb1 >>> 32) ^ b1 ^ key0;
                b2 = (int) (pb0 >>> 32) ^ b3 ^ key1;
                b1 = (int) pb1;
                b3 = (int) pb0;
                d0 = (int) (pd1 >>> 32) ^ d1 ^ key0;
                d2 = (int) (pd0 >>> 32) ^ d3 ^ key1;
                d1 = (int) pd1;
                d3 = (int) pd0;
                e0 = (int) (pe1 >>> 32) ^ e1 ^ key0;
                e2 = (int) (pe0 >>> 32) ^ e3 ^ key1;
                e1 = (int) pe1;
                e3 = (int) pe0;
                key0 += PHILOX_W0;
                key1 += PHILOX_W1;
            }
            x0[j] = a0;
            x1[j] = a1;
            x2[j] = a2;
            x3[j] = a3;
            x0[j + 1] = b0;
            x1[j + 1] = b1;
            x2[j + 1] = b2;
            x3[j + 1] = b3;
            x0[j + 2] = d0;
            x1[j + 2] = d1;
            x2[j + 2] = d2;
            x3[j + 2] = d3;
            x0[j + 3] = e0;
            x1[j + 3] = e1;
            x2[j + 3] = e2;
            x3[j + 3] = e3;
        }
        int[] words = new int[4];
        for (; j < n; j++) {
            long block = first + j;
            Philox.block((int) block, (int) (block >>> 32), c2, c3, k0, k1, words, 0);
            x0[j] = words[0];
            x1[j] = words[1];
            x2[j] = words[2];
            x3[j] = words[3];
        }
    }

    private void transform(FillSpec spec, int n, float[] dst, int out) {
        float a = spec.offset();
        float b = spec.scale();
        switch (spec.distribution()) {
            case RAW_BITS -> {
                for (int j = 0; j < n; j++) {
                    int p = out + 4 * j;
                    dst[p] = Float.intBitsToFloat(x0[j]);
                    dst[p + 1] = Float.intBitsToFloat(x1[j]);
                    dst[p + 2] = Float.intBitsToFloat(x2[j]);
                    dst[p + 3] = Float.intBitsToFloat(x3[j]);
                }
            }
            case UNIFORM -> {
                for (int j = 0; j < n; j++) {
                    int p = out + 4 * j;
                    dst[p] = a + b * Transforms.uniform(x0[j]);
                    dst[p + 1] = a + b * Transforms.uniform(x1[j]);
                    dst[p + 2] = a + b * Transforms.uniform(x2[j]);
                    dst[p + 3] = a + b * Transforms.uniform(x3[j]);
                }
            }
            case NORMAL -> {
                for (int j = 0; j < n; j++) {
                    r01[j] = Transforms.normalRadius(x0[j]);
                    r23[j] = Transforms.normalRadius(x2[j]);
                }
                for (int j = 0; j < n; j++) {
                    int p = out + 4 * j;
                    dst[p] = a + b * Transforms.normalEven(r01[j], x1[j]);
                    dst[p + 1] = a + b * Transforms.normalOdd(r01[j], x1[j]);
                    dst[p + 2] = a + b * Transforms.normalEven(r23[j], x3[j]);
                    dst[p + 3] = a + b * Transforms.normalOdd(r23[j], x3[j]);
                }
            }
            case TRUNCATED_NORMAL -> {
                for (int j = 0; j < n; j++) {
                    int p = out + 4 * j;
                    dst[p] = a + b * Transforms.truncatedNormal(x0[j]);
                    dst[p + 1] = a + b * Transforms.truncatedNormal(x1[j]);
                    dst[p + 2] = a + b * Transforms.truncatedNormal(x2[j]);
                    dst[p + 3] = a + b * Transforms.truncatedNormal(x3[j]);
                }
            }
            case BOUNDED_NORMAL -> {
                Truncation t = spec.truncation();
                for (int j = 0; j < n; j++) {
                    int p = out + 4 * j;
                    dst[p] = t.clamp(a + b * Transforms.boundedNormal(x0[j], t));
                    dst[p + 1] = t.clamp(a + b * Transforms.boundedNormal(x1[j], t));
                    dst[p + 2] = t.clamp(a + b * Transforms.boundedNormal(x2[j], t));
                    dst[p + 3] = t.clamp(a + b * Transforms.boundedNormal(x3[j], t));
                }
            }
        }
    }
}
