package dev.weightinit.core;

/** The arrays that {@link Initializer#generate(Shape, dev.weightinit.backend.Backend)} and {@code generateHalves} fill. */
final class WholeTensorArray {
    private WholeTensorArray() {
    }

    /**
     * A zeroed array of {@code shape}'s element count.
     *
     * @throws IllegalArgumentException if it has more than {@link Initializer#MAX_ARRAY_ELEMENTS} elements
     */
    static float[] of(Shape shape) {
        return new float[count(shape, "float[]")];
    }

    /** A zeroed {@code short[]} of {@code shape}'s element count, for half-precision values. */
    static short[] halves(Shape shape) {
        return new short[count(shape, "short[]")];
    }

    private static int count(Shape shape, String array) {
        long count = shape.elementCount();
        if (count > Initializer.MAX_ARRAY_ELEMENTS) {
            throw new IllegalArgumentException("shape " + shape + " has " + count + " elements: a " + array + " holds at most "
                    + Initializer.MAX_ARRAY_ELEMENTS + "; fill slices or a device buffer instead");
        }
        return (int) count;
    }
}
