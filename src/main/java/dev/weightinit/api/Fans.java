package dev.weightinit.api;

import java.util.List;

/**
 * Keras' {@code compute_fans}: the number of input and output units of a weight shape.
 * <ul>
 *   <li>rank 0: {@code (1, 1)}; rank 1: {@code (d0, d0)}; rank 2: {@code (d0, d1)};</li>
 *   <li>rank 3 and more (convolution kernels {@code (..., in, out)}): the receptive field is the
 *       product of all but the last two dimensions, {@code fan_in = d[-2] * receptive},
 *       {@code fan_out = d[-1] * receptive}.</li>
 * </ul>
 * With explicit axes (Keras 3.15's {@code input_axes}/{@code output_axes}): {@code fan_in} is the
 * product of the input axes and {@code fan_out} that of the output axes, each times the product of
 * the axes in neither list; an axis list left {@code null} means every axis not in the other.
 *
 * @param fanIn  input units
 * @param fanOut output units
 */
public record Fans(double fanIn, double fanOut) {

    public static Fans of(Shape shape) {
        long[] d = shape.dims();
        return switch (d.length) {
            case 0 -> new Fans(1, 1);
            case 1 -> new Fans(d[0], d[0]);
            case 2 -> new Fans(d[0], d[1]);
            default -> {
                double receptive = 1;
                for (int i = 0; i < d.length - 2; i++) {
                    receptive *= d[i];
                }
                yield new Fans(d[d.length - 2] * receptive, d[d.length - 1] * receptive);
            }
        };
    }

    /**
     * @throws IllegalArgumentException if an axis is out of range for the shape or in both lists
     */
    public static Fans of(Shape shape, List<Integer> inputAxes, List<Integer> outputAxes) {
        if (inputAxes == null && outputAxes == null) {
            return of(shape);
        }
        int rank = shape.rank();
        int[] role = new int[rank]; // 0 neither, 1 input, 2 output
        mark(role, inputAxes, 1, "input_axes", shape);
        mark(role, outputAxes, 2, "output_axes", shape);
        for (int axis = 0; axis < rank; axis++) {
            if (role[axis] == 0 && (inputAxes == null || outputAxes == null)) {
                role[axis] = inputAxes == null ? 1 : 2;
            }
        }
        double in = 1;
        double out = 1;
        double receptive = 1;
        for (int axis = 0; axis < rank; axis++) {
            switch (role[axis]) {
                case 1 -> in *= shape.dim(axis);
                case 2 -> out *= shape.dim(axis);
                default -> receptive *= shape.dim(axis);
            }
        }
        return new Fans(in * receptive, out * receptive);
    }

    private static void mark(int[] role, List<Integer> axes, int value, String name, Shape shape) {
        if (axes == null) {
            return;
        }
        for (Integer axis : axes) {
            if (axis == null || axis < -role.length || axis >= role.length) {
                throw new IllegalArgumentException(name + " " + axes + " has axis " + axis + ", out of range for shape "
                        + shape + ": allowed are -" + role.length + " .. " + (role.length - 1));
            }
            int index = axis < 0 ? axis + role.length : axis;
            if (role[index] != 0) {
                throw new IllegalArgumentException(name + " " + axes + " repeats axis " + axis
                        + " or shares it with the other list: input and output axes must be distinct");
            }
            role[index] = value;
        }
    }
}
