package dev.weightinit.core;

import dev.weightinit.backend.FillArguments;
import java.nio.ByteBuffer;

/**
 * The range checks of an initializer's fill, where a request enters: a destination that can be
 * written and holds whole elements, and elements that lie inside the tensor. Each throws
 * {@link IllegalArgumentException} naming the bad value. Thread-safe: stateless.
 */
public final class TensorRanges {
    private TensorRanges() {
    }

    /**
     * The one rule for a host destination of every initializer: writable, a whole number of
     * elements of the tensor's dtype, and inside the tensor from {@code start}.
     *
     * @return the number of elements it holds
     * @throws IllegalArgumentException naming what is wrong
     */
    public static long checkDestination(TensorSpec tensor, long start, ByteBuffer dst) {
        FillArguments.checkWritable(dst);
        long count = FillArguments.elementsIn(dst, tensor.dtype(), "destination");
        checkRange(tensor, start, count);
        return count;
    }

    /**
     * @throws IllegalArgumentException if {@code [start, start + count)} is not inside the tensor
     */
    public static void checkRange(TensorSpec tensor, long start, long count) {
        FillArguments.checkInside(start, count, tensor.elementCount(), "tensor " + tensor.shape() + " of " + tensor.elementCount()
                + " elements");
    }
}
