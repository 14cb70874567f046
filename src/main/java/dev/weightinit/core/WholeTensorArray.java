package dev.weightinit.core;

/** The {@code float[]} that {@link Initializer#generate(Shape, dev.weightinit.backend.Backend)} fills. */
final class WholeTensorArray {
    private WholeTensorArray() {
    }

    /**
     * A zeroed array of {@code shape}'s element count.
     *
     * @throws IllegalArgumentException if it has more than {@link Initializer#MAX_ARRAY_ELEMENTS} elements
     */
    static float[] of(Shape shape) {
        long count = shape.elementCount();
        if (count > Initializer.MAX_ARRAY_ELEMENTS) {
            throw new IllegalArgumentException("shape " + shape + " has " + count + " elements: a float[] holds at most "
                    + Initializer.MAX_ARRAY_ELEMENTS + "; fill slices or a device buffer instead");
        }
        return new float[(int) count];
    }
}
