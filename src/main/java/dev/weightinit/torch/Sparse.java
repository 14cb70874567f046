package dev.weightinit.torch;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.OrthogonalMatrix;
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
 * {@code torch.nn.init.sparse_(tensor, sparsity, std=0.01)} on a 2-D {@code (rows, cols)} tensor:
 * every element {@code N(0, std)} (stream spec §3, the tensor's stream), then in each column
 * exactly {@code ceil(sparsity * rows)} elements set to 0, as torch does. Which ones (stream spec
 * §4): in column {@code j}, the rows whose raw Philox word at element {@code r * cols + j} of the
 * stream {@code stream XOR 0x9E3779B97F4A7C15} is smallest (unsigned; ties by row). The mask and
 * values of the last tensor are cached; at most 2^27 elements.
 */
public final class Sparse extends HostComputedInitializer implements Seeded {
    /** XORed into the tensor's stream to give the stream that chooses the zeros. */
    public static final long MASK_STREAM = 0x9E37_79B9_7F4A_7C15L;
    /** Largest tensor, in elements. */
    public static final long MAX_ELEMENTS = 1L << 27;

    static final Declaration<Sparse> DECLARATION = Declaration.of("sparse_", Sparse::new,
            Parameter.requiredNumber("sparsity").within(0, 1), Parameter.number("std", 0.01).nonNegative()
                    .float32Range(), Parameter.seed());

    private final OrthogonalMatrix.Cache cache = new OrthogonalMatrix.Cache();

    /** With a drawn seed. */
    public Sparse(double sparsity, double std) {
        this(DECLARATION.with("sparsity", sparsity, "std", std));
    }

    public Sparse(double sparsity, double std, long seed) {
        this(DECLARATION.with("sparsity", sparsity, "std", std, "seed", seed));
    }

    private Sparse(Config config) {
        super(config);
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        System.arraycopy(cache.get(tensor, () -> values(tensor, backend)), (int) start, out, 0, count);
    }

    private float[] values(TensorSpec tensor, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("sparse_: only tensors with 2 dimensions are supported, not " + shape);
        }
        if (shape.elementCount() > MAX_ELEMENTS) {
            throw new IllegalArgumentException("sparse_ shape " + shape + " has more than 2^27 elements: its mask is made on the host");
        }
        int rows = (int) shape.dim(0);
        int cols = (int) shape.dim(1);
        int n = rows * cols;
        float[] values = new float[n];
        if (n == 0) {
            return values;
        }
        ByteBuffer normal = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        backend.fill(new FillSpec(seed().value(), tensor.stream(), Distribution.NORMAL, 0f, (float) config().number("std"),
                DType.FLOAT32), 0, normal);
        normal.asFloatBuffer().get(values);
        ByteBuffer raw = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        backend.fill(FillSpec.raw(seed().value(), tensor.stream() ^ MASK_STREAM), 0, raw);
        int zeros = (int) Math.ceil(config().number("sparsity") * rows);
        long[] keys = new long[rows];
        for (int j = 0; j < cols; j++) {
            for (int r = 0; r < rows; r++) {
                // word, then row; the sign bit flipped so that the signed sort orders the words unsigned
                keys[r] = ((Integer.toUnsignedLong(raw.getInt(4 * (r * cols + j))) << 32) | r) ^ Long.MIN_VALUE;
            }
            java.util.Arrays.sort(keys);
            for (int k = 0; k < zeros; k++) {
                values[(int) (keys[k] & 0xFFFF_FFFFL) * cols + j] = 0.0f;
            }
        }
        return values;
    }

    @Override
    protected double largestMagnitude(Shape shape) {
        return Affine.NORMAL_REACH * config().number("std");
    }
}
