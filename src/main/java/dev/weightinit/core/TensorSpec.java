package dev.weightinit.core;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.StreamSpec;
import java.util.Objects;

/**
 * The tensor an initializer fills: its shape, output type and stream (stream spec §2). A plain
 * Keras-style call uses stream 0; a named tensor of a model uses {@link #named}.
 *
 * @param shape  the tensor's shape
 * @param dtype  the output element type
 * @param stream the unsigned 64-bit stream id
 */
public record TensorSpec(Shape shape, DType dtype, long stream) {
    public TensorSpec {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        if (dtype == DType.UINT32) {
            throw new IllegalArgumentException("dtype uint32 is for raw Philox words: initializers write float16, bfloat16, float32 or float64");
        }
    }

    /** Stream 0, as a plain Keras initializer call. */
    public static TensorSpec of(Shape shape, DType dtype) {
        return new TensorSpec(shape, dtype, 0L);
    }

    /** The tensor named {@code name}: its stream is the SHA-256 of the name (stream spec §2). */
    public static TensorSpec named(String name, Shape shape, DType dtype) {
        return new TensorSpec(shape, dtype, StreamSpec.streamOf(name));
    }

    public long elementCount() {
        return shape.elementCount();
    }
}
