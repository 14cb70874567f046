package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertFalse;
import java.util.List;

/** The fast paths (scalar batched and SIMD) equal the reference block by block, bit for bit, for every range shape. */
class FastGeneratorsTest {
    static Stream<Supplier<FloatGenerator>> generators() {
        return Stream.of(named("ScalarGenerator", ScalarGenerator::new),
                named("SimdGenerator", SimdGenerator::new),
                named("AdaptiveGenerator", AdaptiveGenerator::new));
    }

    private static Supplier<FloatGenerator> named(String name, Supplier<FloatGenerator> supplier) {
        return new Supplier<>() {
            @Override
            public FloatGenerator get() {
                return supplier.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @ParameterizedTest
    @MethodSource("generators")
    void equalsTheReferenceForEveryTransformAndUnalignedRange(Supplier<FloatGenerator> kind) {
        FloatGenerator generator = kind.get();
        SplittableRandom random = new SplittableRandom(5);
        for (Distribution distribution : Distribution.values()) {
            FillSpec spec = new FillSpec(random.nextLong(), random.nextLong(), distribution,
                    distribution == Distribution.RAW_BITS ? 0f : 0.5f, distribution == Distribution.RAW_BITS ? 1f : 3f,
                    distribution == Distribution.RAW_BITS ? DType.UINT32 : DType.FLOAT32,
                    distribution == Distribution.BOUNDED_NORMAL ? Truncation.of(-1.5, 0.75, -0.25, 2.5) : null);
            for (int trial = 0; trial < 60; trial++) {
                long start = trial < 10 ? trial : (random.nextLong(1L << 44));
                int count = trial % 7 == 0 ? random.nextInt(8) : 1 + random.nextInt(4 * ScalarGenerator.BATCH * 3 + 9);
                assertSameBits(spec, start, count, generator, distribution + " [" + start + ", +" + count + ")");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("generators")
    void blockIndicesCrossing2To32InsideABatchOrVector(Supplier<FloatGenerator> kind) {
        FloatGenerator generator = kind.get();
        for (long firstBlock = (1L << 32) - 300; firstBlock < (1L << 32) - 280; firstBlock++) {
            assertSameBits(FillSpec.raw(1L, 2L), firstBlock * 4, 4096, generator, "raw from block " + firstBlock);
        }
        assertSameBits(new FillSpec(3L, 4L, Distribution.NORMAL, 0f, 1f, DType.FLOAT32),
                ((3L << 32) - 5) * 4 + 1, 999, generator, "normal across block 3 * 2^32");
    }

    /**
     * Every 24-bit input of every transform: word {@code m << 8 | junk} for all {@code m} in
     * {@code [0, 2^24)}, in every lane position (radius and angle words alike), against the scalar
     * reference transform. This covers the edges where ln, the sin/cos reduction and erfinv change
     * branch, which random Philox words may miss.
     */
    @Test
    void simdTransformsEqualTheReferenceForEvery24BitInput() {
        SimdGenerator vector = new SimdGenerator();
        int[] words = new int[1 << 24];
        SplittableRandom junk = new SplittableRandom(11);
        for (int m = 0; m < words.length; m++) {
            words[m] = (m << 8) | junk.nextInt(256);
        }
        float[] values = new float[words.length];
        int[] block = new int[4];
        float[] expected = new float[4];
        for (Distribution distribution : new Distribution[] {Distribution.UNIFORM, Distribution.NORMAL, Distribution.TRUNCATED_NORMAL,
                Distribution.BOUNDED_NORMAL}) {
            FillSpec spec = new FillSpec(0L, 0L, distribution, -0.25f, 1.75f, DType.FLOAT32,
                    distribution == Distribution.BOUNDED_NORMAL ? Truncation.of(-2.5, 4.0, -2.0, 5.0) : null);
            for (int rotation = 0; rotation < 4; rotation++) {
                int[] rotated = rotate(words, rotation);
                vector.transformWords(spec, rotated, values);
                for (int b = 0; b < rotated.length / 4; b++) {
                    System.arraycopy(rotated, 4 * b, block, 0, 4);
                    ReferenceGenerator.transform(spec, block, expected);
                    for (int lane = 0; lane < 4; lane++) {
                        if (Float.floatToRawIntBits(expected[lane]) != Float.floatToRawIntBits(values[4 * b + lane])) {
                            throw new AssertionError(distribution + " words " + java.util.Arrays.toString(block)
                                    + " lane " + lane + ": expected " + expected[lane] + ", SIMD gave " + values[4 * b + lane]);
                        }
                    }
                }
            }
        }
    }

    /** {@code words} with each block's four words rotated by {@code k} lanes. */
    private static int[] rotate(int[] words, int k) {
        int[] rotated = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            rotated[(i & ~3) | ((i + k) & 3)] = words[i];
        }
        return rotated;
    }

    /**
     * Surefire starts the test JVM with {@code --add-modules jdk.incubator.vector}. Where the
     * preferred vectors are at least 256-bit (512-bit on this project's machines, where SIMD is
     * about 10x faster, so a timing fluke cannot flip the verdict twice in a row) the warm-up must
     * switch every distribution to SIMD. Narrower vectors (128-bit NEON, SSE) may rightly stay
     * scalar, and a loaded runner may not measure the win: both skip, saying so.
     */
    @Test
    void theWarmUpSwitchesEveryDistributionToSimd() throws InterruptedException {
        assertTrue(VectorSupport.modulePresent(), "the test JVM lacks " + VectorSupport.MODULE);
        int bits = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        org.junit.jupiter.api.Assumptions.assumeTrue(bits >= 256,
                "this machine's preferred vectors are " + bits + "-bit: SIMD need not beat the scalar path, so the switch is not required");
        assertTrue(VectorSupport.usable(), VectorSupport.describe());
        FloatGenerator fastest = FloatGenerator.fastest();
        assertTrue(fastest instanceof AdaptiveGenerator, fastest.getClass().getName());
        if (!VectorSupport.awaitWarmUp(VectorSupport.WARM_UP_SECONDS * 4L + 30, TimeUnit.SECONDS)) {
            assertSameBits(FillSpec.unit(9L, 9L, Distribution.NORMAL), 5, 100_003, fastest, "normal without the switch");
            org.junit.jupiter.api.Assumptions.abort("SIMD did not become ready for every distribution: the warm-up did not measure "
                    + "it faster (" + VectorSupport.describe() + "), as a loaded runner can; the bits of the path that runs were checked");
        }
        for (Distribution distribution : Distribution.values()) {
            // the bounded normal has no SIMD form: it never switches (AdaptiveGenerator runs it scalar)
            assertEquals(distribution.vectorized(), VectorSupport.ready(distribution), distribution.toString());
        }
        assertEquals(VectorSupport.describe(), fastest.kind());
        assertSameBits(FillSpec.unit(9L, 9L, Distribution.NORMAL), 5, 100_003, fastest, "normal after the switch");
    }

    private static void assertSameBits(FillSpec spec, long start, int count, FloatGenerator generator, String what) {
        float[] expected = new float[count];
        float[] actual = new float[count];
        ReferenceGenerator.compute(spec, start, expected, 0, count);
        generator.generate(spec, start, actual, 0, count);
        int[] e = new int[count];
        int[] a = new int[count];
        for (int i = 0; i < count; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        assertArrayEquals(e, a, what);
    }



    @Test
    void generatorsSayWhatTheyAreAndTheReferenceIsItsOwnCompute() {
        assertEquals("reference", new ReferenceGenerator().kind());
        assertEquals("scalar", new ScalarGenerator().kind());
        assertTrue(SimdGenerator.preferredBits() >= 64 && Integer.bitCount(SimdGenerator.preferredBits()) == 1,
                "a power of two: " + SimdGenerator.preferredBits());
        assertEquals("SIMD " + SimdGenerator.preferredBits() + "-bit", new SimdGenerator().kind());
        FillSpec spec = new FillSpec(7L, 11L, Distribution.NORMAL, 0.5f, 2f, DType.FLOAT32);
        float[] viaInterface = new float[40];
        float[] direct = new float[40];
        ((FloatGenerator) new ReferenceGenerator()).generate(spec, 5, viaInterface, 3, 33);
        ReferenceGenerator.compute(spec, 5, direct, 3, 33);
        assertArrayEquals(direct, viaInterface);
        assertEquals(0f, viaInterface[0]);
        assertEquals(0f, viaInterface[39]);
        assertTrue(viaInterface[3] != 0f && viaInterface[35] != 0f);
    }
}
