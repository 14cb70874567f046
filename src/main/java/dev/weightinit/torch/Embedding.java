package dev.weightinit.torch;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * PyTorch's default init of {@code nn.Embedding(num_embeddings, embedding_dim, padding_idx=None)}
 * ({@code reset_parameters}): {@code N(0, std)} ({@code std} 1 by default), with row
 * {@code padding_idx} (negative counts from the end) set to 0.
 */
public final class Embedding extends HostComputedInitializer implements Seeded {
    static final Declaration<Embedding> DECLARATION = Declaration.of("torch.nn.Embedding", Embedding::new,
            Parameter.integer("padding_idx", null).orNull(), Parameter.number("std", 1.0).nonNegative(), Parameter.seed());

    /** No padding row, a drawn seed. */
    public Embedding() {
        this(DECLARATION.with());
    }

    /** With a drawn seed; {@code paddingIndex} is the row set to 0, or {@code null}. */
    public Embedding(Long paddingIndex) {
        this(DECLARATION.with("padding_idx", paddingIndex));
    }

    /**
     * N(0, {@code std}) with row {@code paddingIndex} zero, a drawn seed: Hugging Face's
     * {@code _init_weights} of an embedding ({@code std = initializer_range}).
     */
    public Embedding(Long paddingIndex, double std) {
        this(DECLARATION.with("padding_idx", paddingIndex, "std", std));
    }

    /** @param paddingIndex the row set to 0, or {@code null} */
    public Embedding(Long paddingIndex, long seed) {
        this(DECLARATION.with("padding_idx", paddingIndex, "seed", seed));
    }

    private Embedding(Config config) {
        super(config);
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("torch.nn.Embedding weights are (num_embeddings, embedding_dim), not " + shape);
        }
        Long padding = config().integer("padding_idx");
        long rows = shape.dim(0);
        if (padding != null && (padding >= rows || padding < -rows)) {
            throw new IllegalArgumentException("torch.nn.Embedding padding_idx " + padding + " must be within num_embeddings "
                    + rows + " (from -" + rows + ")");
        }
        ByteBuffer values = ByteBuffer.allocateDirect(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        backend.fill(new FillSpec(seed().value(), tensor.stream(), Distribution.NORMAL, 0f, (float) config().number("std"),
                DType.FLOAT32), start, values);
        values.asFloatBuffer().get(out, 0, count);
        if (padding != null) {
            long row = padding < 0 ? padding + rows : padding;
            long cols = shape.dim(1);
            for (int i = 0; i < count; i++) {
                if ((start + i) / cols == row) {
                    out[i] = 0.0f;
                }
            }
        }
    }

    @Override
    protected double largestMagnitude(Shape shape) {
        return Affine.NORMAL_REACH * config().number("std");
    }

    @Override
    public java.util.OptionalDouble expectedStddev(Shape shape) {
        return java.util.OptionalDouble.of(config().number("std"));
    }
}
