package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small engine contracts with their values written out: which dtypes are floating, the generators'
 * report names, the reference generator through its interface (equal to the golden values' source,
 * {@link ReferenceGenerator#compute}), and the Vector API store loop the bench's CPU ceiling uses.
 */
class EngineEdgesTest {
    @Test
    void exactlyTheFourFloatTypesAreFloating() {
        for (DType dtype : DType.values()) {
            boolean floating = List.of(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT64).contains(dtype);
            assertEquals(floating, dtype.isFloating(), dtype.toString());
        }
        assertFalse(DType.UINT32.isFloating() || DType.INT64.isFloating() || DType.INT32.isFloating() || DType.BOOL.isFloating());
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

    @Test
    void vectorStoresFillExactlyTheRange() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        for (int[] range : new int[][] {{0, 0}, {3, 40}, {0, lanes}, {1, 1 + lanes}, {2, 2 + 2 * lanes + 1}, {5, 6}}) {
            float[] array = new float[64];
            SimdStores.fill(array, range[0], range[1], 2.5f);
            for (int i = 0; i < array.length; i++) {
                assertEquals(i >= range[0] && i < range[1] ? 2.5f : 0f, array[i], "[" + range[0] + ", " + range[1] + ") at " + i);
            }
        }
    }
}
