package dev.weightinit.core;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tensor shape: non-negative {@code long} dimensions, row-major (C order) element layout. The
 * element count fits a signed 64-bit integer; tensors beyond 2^31 elements are ordinary.
 * Immutable and thread-safe.
 */
public final class Shape {
    private final long[] dims;
    private final long elements;

    /** The most dimensions a shape has: NumPy's limit ({@code NPY_MAXDIMS}), so every file we write loads. */
    public static final int MAX_RANK = 64;

    private Shape(long[] dims) {
        if (dims.length > MAX_RANK) {
            throw new IllegalArgumentException("shape has rank " + dims.length + ": at most " + MAX_RANK
                    + " dimensions are allowed (NumPy's limit)");
        }
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("shape " + format(dims) + " has a negative dimension " + dims[i]
                        + " at axis " + i + ": dimensions must be >= 0");
            }
            try {
                count = Math.multiplyExact(count, dims[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + format(dims)
                        + " has more than 2^63 - 1 elements: the element count must fit a signed 64-bit integer");
            }
        }
        this.dims = dims;
        this.elements = count;
    }

    /**
     * @throws IllegalArgumentException for a negative dimension or an element count over 2^63 - 1
     */
    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /**
     * A shape from a list of numbers (as JSON gives them).
     *
     * @throws IllegalArgumentException for an element that is not an integer of 64 bits or less
     */
    public static Shape of(List<? extends Number> dims) {
        long[] values = new long[dims.size()];
        for (int i = 0; i < values.length; i++) {
            Long value = Integers.signed64(dims.get(i));
            if (value == null) {
                throw new IllegalArgumentException("shape " + dims + " has " + dims.get(i) + " at axis " + i
                        + ": dimensions are integers from 0 to 2^63 - 1");
            }
            values[i] = value;
        }
        return new Shape(values);
    }

    /**
     * Parses {@code "D1,D2,..."}; the empty string is the scalar shape.
     *
     * @throws IllegalArgumentException naming the text when it is not a comma-separated list of integers
     */
    public static Shape parse(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return of();
        }
        String[] parts = trimmed.split(",", -1);
        long[] dims = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Long.parseLong(parts[i].strip()); // an empty element is a NumberFormatException too
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape '" + text + "' is not valid: expected comma-separated integers like 768,3072");
            }
        }
        return new Shape(dims);
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[axis];
    }

    public long[] dims() {
        return dims.clone();
    }

    /** The number of elements, the product of the dimensions (1 for a scalar). */
    public long elementCount() {
        return elements;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Python tuple notation, as Keras prints shapes: {@code (768, 3072)}. */
    @Override
    public String toString() {
        return format(dims);
    }

    private static String format(long[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
