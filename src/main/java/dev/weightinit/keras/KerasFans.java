package dev.weightinit.keras;

import dev.weightinit.core.Shape;
import java.util.List;

/**
 * Keras' {@code compute_fans(shape, input_axes=None, output_axes=None)}
 * ({@code keras/src/initializers/random_initializers.py}, Keras 3.15 and later):
 * <ul>
 *   <li>when both axis lists are given: {@code fan_in} is the product of {@code shape[a]} over
 *       {@code input_axes} and {@code fan_out} the product over {@code output_axes}, nothing else
 *       multiplied in; negative axes count from the end; an axis may be in both lists (a PyTorch
 *       conv kernel {@code (out, in, kh, kw)} is {@code input_axes=[1, 2, 3], output_axes=[0, 2, 3]});</li>
 *   <li>otherwise (either list {@code null}) the shape rule for both: rank 0 {@code (1, 1)}; rank 1
 *       {@code (d0, d0)}; rank 2 {@code (d0, d1)}; rank 3 and more (kernels {@code (..., in, out)}):
 *       the receptive field, the product of all but the last two dimensions, times {@code d[-2]}
 *       and {@code d[-1]}.</li>
 * </ul>
 *
 * @param fanIn  input units
 * @param fanOut output units
 */
public record KerasFans(double fanIn, double fanOut) {

    /** The shape rule. */
    public static KerasFans of(Shape shape) {
        long[] d = shape.dims();
        return switch (d.length) {
            case 0 -> new KerasFans(1, 1);
            case 1 -> new KerasFans(d[0], d[0]);
            case 2 -> new KerasFans(d[0], d[1]);
            default -> {
                double receptive = 1;
                for (int i = 0; i < d.length - 2; i++) {
                    receptive *= d[i];
                }
                yield new KerasFans(d[d.length - 2] * receptive, d[d.length - 1] * receptive);
            }
        };
    }

    /**
     * @throws IllegalArgumentException where Keras raises IndexError: an axis outside
     *                                  {@code [-rank, rank)}, naming the axis and the shape
     */
    public static KerasFans of(Shape shape, List<Integer> inputAxes, List<Integer> outputAxes) {
        if (inputAxes == null || outputAxes == null) {
            return of(shape);
        }
        return new KerasFans(product(shape, inputAxes, "input_axes"), product(shape, outputAxes, "output_axes"));
    }

    private static double product(Shape shape, List<Integer> axes, String name) {
        int rank = shape.rank();
        double product = 1;
        for (Integer axis : axes) {
            if (axis == null || axis < -rank || axis >= rank) {
                throw new IllegalArgumentException(name + " " + axes + " has axis " + axis + ", out of range for shape " + shape
                        + " of rank " + rank + ": allowed are -" + rank + " .. " + (rank - 1));
            }
            product *= shape.dim(axis < 0 ? axis + rank : axis);
        }
        return product;
    }
}
