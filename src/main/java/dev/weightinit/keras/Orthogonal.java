package dev.weightinit.keras;

import dev.weightinit.backend.Backend;
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
import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Keras {@code Orthogonal(gain=1.0, seed=None)}, Keras' algorithm: the shape is flattened to
 * {@code rows = prod(shape[:-1])}, {@code cols = shape[-1]}; a {@code (max, min)} matrix of unit
 * normals is drawn by stream spec §3 (its row-major elements are the stream's elements); its
 * reduced QR is taken in double; Q's columns are multiplied by the signs of R's diagonal (which
 * makes Q unique); Q is transposed when {@code rows < cols}; the result is {@code gain * Q}
 * reshaped, rounded to float32. Rows (or columns, whichever are fewer) are orthonormal.
 *
 * <p>The whole matrix is computed for any slice; the last one is cached per tensor, so filling a
 * tensor slice by slice computes it once.
 */
public final class Orthogonal extends HostComputedInitializer implements Seeded {
    /** Largest matrix computed, in elements: 2^27 doubles is 1 GiB before the QR's workspace. */
    public static final long MAX_ELEMENTS = 1L << 27;
    /**
     * Largest QR computed, in floating-point operations ({@code 2 * max * min^2}): 2^35, about 15 s
     * on one core of the 2-core machine of {@code benchmarks/RESULTS.md} (a 2580 x 2580 matrix).
     */
    public static final double MAX_FLOPS = 0x1p35;

    static final Declaration<Orthogonal> DECLARATION = Declaration.of("Orthogonal", Orthogonal::new,
            Parameter.seed(), Parameter.number("gain", 1.0).float32Range());

    private volatile Cached cached;

    private record Cached(TensorSpec tensor, float[] values) {
    }

    /** Gain 1, a drawn seed. */
    public Orthogonal() {
        this(DECLARATION.with());
    }

    /**
     * With a drawn seed.
     *
     * @throws IllegalArgumentException if {@code gain} is not a finite float32 value
     */
    public Orthogonal(double gain) {
        this(DECLARATION.with("gain", gain));
    }

    /**
     * @throws IllegalArgumentException if {@code gain} is not a finite float32 value
     */
    public Orthogonal(double gain, long seed) {
        this(DECLARATION.with("gain", gain, "seed", seed));
    }

    private Orthogonal(Config config) {
        super(config);
    }

    public double gain() {
        return config().number("gain");
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        TensorSpec key = new TensorSpec(tensor.shape(), DType.FLOAT32, tensor.stream());
        Cached current = cached;
        if (current == null || !current.tensor().equals(key)) {
            current = new Cached(key, matrix(key, backend));
            cached = current;
        }
        System.arraycopy(current.values(), (int) start, out, 0, count);
    }

    private float[] matrix(TensorSpec tensor, Backend backend) {
        double gain = gain();
        Shape shape = tensor.shape();
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Orthogonal needs a shape of rank 2 or more, not " + shape + " of rank " + shape.rank());
        }
        if (shape.elementCount() > MAX_ELEMENTS) {
            throw new IllegalArgumentException("Orthogonal shape " + shape + " has " + shape.elementCount()
                    + " elements: at most 2^27 are orthogonalised on the host");
        }
        long cols = columns(shape);
        long rows = rows(shape);
        double flops = 2.0 * Math.max(rows, cols) * (double) Math.min(rows, cols) * Math.min(rows, cols);
        if (flops > MAX_FLOPS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "Orthogonal shape %s (a %d x %d matrix) needs "
                    + "%.3g floating-point operations for its QR on the host: at most 2^35 (%.3g, about 15 s on one core) are "
                    + "done; use a smaller shape, or an elementwise initializer for a tensor this large", shape, rows, cols, flops,
                    MAX_FLOPS));
        }
        int big = (int) Math.max(rows, cols);
        int small = (int) Math.min(rows, cols);
        int n = big * small;
        if (n == 0) {
            return new float[0];
        }
        ByteBuffer draws = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        backend.fill(new FillSpec(seed().value(), tensor.stream(), Distribution.NORMAL, 0f, 1f, DType.FLOAT32), 0, draws);
        DMatrixRMaj a = new DMatrixRMaj(big, small);
        for (int i = 0; i < n; i++) {
            a.data[i] = draws.getFloat(4 * i);
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(big, small);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("QR decomposition of the " + big + "x" + small + " normal matrix failed");
        }
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj r = qr.getR(null, true);
        for (int j = 0; j < small; j++) {
            double sign = Math.signum(r.get(j, j));
            for (int i = 0; i < big; i++) {
                q.set(i, j, q.get(i, j) * sign);
            }
        }
        if (rows < cols) {
            q = CommonOps_DDRM.transpose(q, null);
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (gain * q.data[i]);
        }
        return values;
    }

    /** Entries of a {@code (rows, cols)} matrix with orthonormal rows or columns have RMS {@code 1/sqrt(max)}. */
    @Override
    public OptionalDouble expectedStddev(Shape shape) {
        if (shape.rank() < 2) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.abs(gain()) / Math.sqrt(Math.max(1, Math.max(rows(shape), columns(shape)))));
    }

    /** Keras' flattening: the last dimension is the columns. */
    private static long columns(Shape shape) {
        return shape.dim(shape.rank() - 1);
    }

    /** Keras' flattening: the product of all but the last dimension is the rows. */
    private static long rows(Shape shape) {
        return shape.elementCount() / Math.max(1, columns(shape));
    }

    /** Entries of a matrix with orthonormal rows or columns are at most 1 in magnitude. */
    @Override
    protected double largestMagnitude(Shape shape) {
        return Math.abs(gain());
    }
}
