package dev.weightinit.torch;

import dev.weightinit.core.Shape;

/**
 * PyTorch's {@code torch.nn.init._calculate_fan_in_and_fan_out}: for a weight {@code (out, in, *kernel)},
 * {@code fan_in = size(1) * prod(size(2:))} and {@code fan_out = size(0) * prod(size(2:))}.
 *
 * @param fanIn  input units
 * @param fanOut output units
 */
public record TorchFans(long fanIn, long fanOut) {

    /**
     * @throws IllegalArgumentException for fewer than 2 dimensions, as torch raises
     */
    public static TorchFans of(Shape shape, String function) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException(function + ": fan in and fan out can not be computed for tensor with fewer than 2 "
                    + "dimensions, not " + shape);
        }
        long receptive = 1;
        for (int axis = 2; axis < shape.rank(); axis++) {
            receptive *= shape.dim(axis);
        }
        return new TorchFans(shape.dim(1) * receptive, shape.dim(0) * receptive);
    }

    /** torch's {@code _calculate_correct_fan}: the fan of {@code mode} ({@code fan_in} or {@code fan_out}). */
    public long of(String mode) {
        return mode.equals("fan_in") ? fanIn : fanOut;
    }
}
