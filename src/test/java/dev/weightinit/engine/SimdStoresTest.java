package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link SimdStores}: the Vector API store loop the bench's CPU ceiling uses fills exactly its range. */
class SimdStoresTest {
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
