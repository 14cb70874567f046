package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.io.Moments;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API passes of the fallback against the scalar code they replace: rounding to float16
 * and bfloat16 bit for bit (every exponent and sign, with every pattern of the 14 low mantissa
 * bits that decide the rounding, and four high-bit patterns), float16 decoding for all 65,536
 * inputs, and the SIMD moments against the scalar loop (the same sums up to the order of additions).
 */
class SimdConversionsTest {
    @BeforeAll
    static void simdIsThere() {
        assertTrue(VectorSupport.modulePresent(), "the test JVM lacks " + VectorSupport.MODULE);
        int bits = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.usable(),
                "this machine's preferred vectors are " + bits + "-bit: the fallback stays scalar, so its SIMD passes never run");
    }

    /** Every float with the given sign and exponent whose mantissa's top 9 bits are {@code high}: 2^14 values. */
    private static float[] inputs(int sign, int exponent, int high) {
        float[] values = new float[1 << 14];
        for (int low = 0; low < values.length; low++) {
            values[low] = Float.intBitsToFloat(sign << 31 | exponent << 23 | high << 14 | low);
        }
        return values;
    }

    @Test
    void roundingToHalvesGivesTheScalarBitsForEveryExponentAndEveryRoundingPattern() {
        short[] simd = new short[1 << 14];
        long checked = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int exponent = 0; exponent < 256; exponent++) {
                for (int high : new int[] {0, 0x1FF, 0x0AA, 0x155}) {
                    float[] values = inputs(sign, exponent, high);
                    // n one short of a whole vector count: the scalar tail runs too
                    int n = values.length - 1;
                    SimdConversions.toFloat16(values, 0, n, simd, 0);
                    for (int i = 0; i < n; i++) {
                        short expected = FloatRounding.toFloat16Bits(values[i]);
                        if (simd[i] != expected) {
                            throw new AssertionError(String.format("float16 of 0x%08x: SIMD 0x%04x, scalar 0x%04x",
                                    Float.floatToRawIntBits(values[i]), simd[i], expected));
                        }
                    }
                    SimdConversions.toBfloat16(values, 1, n - 1, simd, 1); // from and to offsets
                    for (int i = 1; i < n; i++) {
                        short expected = FloatRounding.toBfloat16Bits(values[i]);
                        if (simd[i] != expected) {
                            throw new AssertionError(String.format("bfloat16 of 0x%08x: SIMD 0x%04x, scalar 0x%04x",
                                    Float.floatToRawIntBits(values[i]), simd[i], expected));
                        }
                    }
                    checked += 2L * n - 1;
                }
            }
        }
        assertEquals(256 * 4 * 2 * (2L * ((1 << 14) - 1) - 1), checked);
    }

    @Test
    void eachTypeAsksForItsOwnPassesAndTheMoments() {
        assertEquals(SimdConversions.BFLOAT16_PASSES | SimdConversions.MOMENTS, SimdConversions.passes(DType.BFLOAT16));
        assertEquals(SimdConversions.FLOAT16_PASSES | SimdConversions.MOMENTS, SimdConversions.passes(DType.FLOAT16));
        assertEquals(SimdConversions.MOMENTS, SimdConversions.passes(DType.FLOAT32));
        assertEquals(7, SimdConversions.ALL, "three passes, three bits");
    }

    @Test
    void theWriterRoundsThroughSimdToTheSameBytes() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        // The writer rounds scalar until the SIMD passes are compiled; a job this large starts that on any machine.
        while (!SimdConversions.ready(SimdConversions.WARM_UP_AFTER)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.nanoTime() < deadline,
                    "the SIMD passes were not compiled within 60 s (a loaded runner): the writer's scalar path was not replaced");
            Thread.sleep(10);
        }
        for (DType type : new DType[] {DType.FLOAT32, DType.BFLOAT16, DType.FLOAT16}) {
            assertTrue(SimdConversions.compiled(type), type + "'s passes are compiled once every pass is ready");
        }
        SplittableRandom random = new SplittableRandom(5);
        float[] values = new float[100_003]; // past several 2^14 blocks, not a multiple of any vector
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        for (DType type : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            ByteBuffer bytes = ByteBuffer.allocate(2 * values.length + 6).order(ByteOrder.LITTLE_ENDIAN);
            ValueWriter.write(type, values, values.length, bytes, 6);
            for (int i = 0; i < values.length; i++) {
                short expected = type == DType.FLOAT16 ? FloatRounding.toFloat16Bits(values[i]) : FloatRounding.toBfloat16Bits(values[i]);
                assertEquals(expected, bytes.getShort(6 + 2 * i), type + " element " + i);
            }
            assertEquals(0, bytes.getShort(0), "nothing before the offset");
        }
    }

    @Test
    void float16DecodingGivesTheScalarBitsForAllInputs() {
        short[] halves = new short[1 << 16];
        for (int h = 0; h < halves.length; h++) {
            halves[h] = (short) h;
        }
        int lanes = jdk.incubator.vector.IntVector.SPECIES_PREFERRED.length();
        for (int i = 0; i < halves.length; i += lanes) {
            float[] decoded = SimdConversions.float16ToFloat(halves, i).toArray();
            for (int k = 0; k < lanes; k++) {
                int expected = Float.floatToRawIntBits(FloatRounding.float16ToFloat(halves[i + k]));
                assertEquals(expected, Float.floatToRawIntBits(decoded[k]), String.format("float16 0x%04x", i + k));
            }
        }
    }

    @Test
    void simdMomentsEqualTheScalarLoopToRounding() {
        SplittableRandom random = new SplittableRandom(11);
        for (DType type : new DType[] {DType.FLOAT32, DType.BFLOAT16, DType.FLOAT16}) {
            for (int count : new int[] {0, 1, 17, (1 << 14) - 1, (1 << 14) + 33, 200_001}) {
                ByteBuffer bytes = ByteBuffer.allocateDirect(count * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = (float) (3 + 2 * random.nextDouble() - 1) * (i % 7 == 0 ? -1 : 1);
                }
                ValueWriter.write(type, values, count, bytes, 0);
                double[] simd = new Moments(true).of(type, bytes);
                double[] scalar = new Moments(false).of(type, bytes);
                assertEquals(scalar[0], simd[0], 1e-12 * Math.max(1, Math.abs(scalar[0])), type + " sum of " + count);
                assertEquals(scalar[1], simd[1], 1e-12 * Math.max(1, scalar[1]), type + " squares of " + count);
                if (count > 0) {
                    assertTrue(scalar[1] > 0, "the data is not all zeros");
                }
            }
        }
        assertTrue(new Moments().simd(), "SIMD moments are the default where the Vector API is usable");
    }

    @Test
    void momentsOfInfinitiesAndNansPropagate() {
        ByteBuffer bytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putShort(0, (short) 0x7C00); // float16 +Inf among zeros
        double[] sums = new Moments(true).of(DType.FLOAT16, bytes);
        assertEquals(Double.POSITIVE_INFINITY, sums[0]);
        bytes.putShort(0, (short) 0x7E00); // NaN
        assertTrue(Double.isNaN(new Moments(true).of(DType.FLOAT16, bytes)[0]));
        assertFalse(Double.isNaN(new Moments(true).of(DType.BFLOAT16, bytes)[0]), "0x7E00 as bfloat16 is a finite number");
    }

    @Test
    void rawWordsHaveNoMoments() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putInt(0, 5);
        assertEquals(0.0, new Moments(true).of(DType.UINT32, bytes)[0]);
    }

    @Test
    void scalarMomentsNeverClaimSimd() {
        assertFalse(new Moments(false).simd());
        if (!VectorSupport.usable()) {
            assertThrows(IllegalArgumentException.class, () -> new Moments(true));
        }
    }
}
