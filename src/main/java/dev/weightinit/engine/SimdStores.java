package dev.weightinit.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A Vector API store loop: the Java fallback's best case for writing memory, one of the ceilings
 * {@code bench} compares its rates with. Load only when {@link VectorSupport#modulePresent()}.
 * Thread-safe: stateless.
 */
public final class SimdStores {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private SimdStores() {
    }

    /** Stores {@code value} into {@code array[from, to)}. */
    public static void fill(float[] array, int from, int to, float value) {
        FloatVector vector = FloatVector.broadcast(FLOATS, value);
        int lanes = FLOATS.length();
        int i = from;
        for (; i <= to - lanes; i += lanes) {
            vector.intoArray(array, i);
        }
        for (; i < to; i++) {
            array[i] = value;
        }
    }
}
