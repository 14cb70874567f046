package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The batched fast path equals the reference block by block, bit for bit, for every range shape. */
class BatchGeneratorTest {
    @Test
    void equalsTheReferenceForEveryTransformAndUnalignedRange() {
        BatchGenerator batch = new BatchGenerator();
        SplittableRandom random = new SplittableRandom(5);
        for (Distribution distribution : Distribution.values()) {
            FillSpec spec = new FillSpec(random.nextLong(), random.nextLong(), distribution,
                    distribution == Distribution.RAW_BITS ? 0f : 0.5f, distribution == Distribution.RAW_BITS ? 1f : 3f,
                    distribution == Distribution.RAW_BITS ? DType.UINT32 : DType.FLOAT32);
            for (int trial = 0; trial < 60; trial++) {
                long start = trial < 10 ? trial : (random.nextLong(1L << 44));
                int count = trial % 7 == 0 ? random.nextInt(8) : 1 + random.nextInt(4 * BatchGenerator.BATCH * 3 + 9);
                float[] expected = new float[count];
                float[] actual = new float[count];
                BlockGenerator.generate(spec, start, expected, 0, count);
                batch.generate(spec, start, actual, 0, count);
                int[] e = new int[count];
                int[] a = new int[count];
                for (int i = 0; i < count; i++) {
                    e[i] = Float.floatToRawIntBits(expected[i]);
                    a[i] = Float.floatToRawIntBits(actual[i]);
                }
                assertArrayEquals(e, a, distribution + " [" + start + ", +" + count + ")");
            }
        }
        // Blocks whose index crosses 2^32 inside a batch of four.
        FillSpec raw = FillSpec.raw(1L, 2L);
        float[] expected = new float[4096];
        float[] actual = new float[4096];
        BlockGenerator.generate(raw, ((1L << 32) - 300) * 4, expected, 0, 4096);
        batch.generate(raw, ((1L << 32) - 300) * 4, actual, 0, 4096);
        for (int i = 0; i < 4096; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                throw new AssertionError("element " + i + " differs across the 2^32 block boundary");
            }
        }
    }
}
