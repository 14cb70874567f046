package dev.weightinit.core;

import dev.weightinit.backend.Backend;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * The orthogonal matrix that Keras' {@code Orthogonal} and PyTorch's {@code orthogonal_} both make
 * from a {@code (rows, cols)} flattening (they differ only in how they flatten the shape): a
 * {@code (max, min)} matrix of unit normals drawn by stream spec §3 (row-major, elements
 * {@code [0, max * min)} of the tensor's stream), its reduced QR in double, Q's columns multiplied
 * by the signs of R's diagonal, transposed when {@code rows < cols}, times {@code gain}, rounded to
 * float32. Thread-safe: stateless.
 */
public final class OrthogonalMatrix {
    /** Largest matrix computed, in elements: 2^27 doubles is 1 GiB before the QR's workspace. */
    public static final long MAX_ELEMENTS = 1L << 27;
    /**
     * Largest QR computed, in floating-point operations ({@code 2 * max * min^2}): 2^35, about 15 s
     * on one core of the 2-core machine of {@code benchmarks/RESULTS.md} (a 2580 x 2580 matrix).
     */
    public static final double MAX_FLOPS = 0x1p35;

    /** Floating-point operations per second the estimate assumes (EJML's QR on one core of the RESULTS machine). */
    static final double FLOPS_PER_SECOND = 2.3e9;

    private OrthogonalMatrix() {
    }

    /** The floating-point operations of the QR of a {@code rows x cols} matrix: {@code 2 * max * min^2}. */
    public static double flops(long rows, long cols) {
        return 2.0 * Math.max(rows, cols) * (double) Math.min(rows, cols) * Math.min(rows, cols);
    }

    /**
     * A line for the user when the QR of a {@code rows x cols} matrix takes over 2 s (and is under
     * {@link #MAX_FLOPS}; above it {@link #compute} refuses the matrix with its own message).
     */
    public static java.util.Optional<String> announcement(long rows, long cols) {
        double seconds = estimatedSeconds(rows, cols);
        if (seconds < 2 || flops(rows, cols) > MAX_FLOPS) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "orthogonalising a %d x %d matrix on the host: about %.0f s",
                rows, cols, seconds));
    }

    /** About how long the QR of a {@code rows x cols} matrix takes here, in seconds. */
    public static double estimatedSeconds(long rows, long cols) {
        return flops(rows, cols) / FLOPS_PER_SECOND;
    }

    /**
     * The last matrix one initializer computed, so that filling a tensor slice by slice computes it
     * once. Thread-safe: a racing fill at worst computes the same values twice.
     */
    public static final class Cache {
        private record Entry(TensorSpec tensor, float[] values) {
        }

        private volatile Entry last;

        /** The values of {@code tensor} (its dtype ignored), from {@code compute} unless they are the last ones. */
        public float[] get(TensorSpec tensor, java.util.function.Supplier<float[]> compute) {
            TensorSpec key = new TensorSpec(tensor.shape(), DType.FLOAT32, tensor.stream());
            Entry current = last;
            if (current == null || !current.tensor().equals(key)) {
                current = new Entry(key, compute.get());
                last = current;
            }
            return current.values();
        }
    }

    /**
     * The {@code rows x cols} values, row-major.
     *
     * @throws IllegalArgumentException if the matrix is over {@link #MAX_ELEMENTS} or its QR over {@link #MAX_FLOPS}
     */
    public static float[] compute(String className, Shape shape, long rows, long cols, double gain, long seed, long stream,
                                  Backend backend) {
        if (shape.elementCount() > MAX_ELEMENTS) {
            throw new IllegalArgumentException(className + " shape " + shape + " has " + shape.elementCount()
                    + " elements: at most 2^27 are orthogonalised on the host");
        }
        double flops = flops(rows, cols);
        if (flops > MAX_FLOPS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "%s shape %s (a %d x %d matrix) needs "
                    + "%.3g floating-point operations for its QR on the host: at most 2^35 (%.3g, about 15 s on one core) are "
                    + "done; use a smaller shape, or an elementwise initializer for a tensor this large", className, shape, rows, cols, flops,
                    MAX_FLOPS));
        }
        int big = (int) Math.max(rows, cols);
        int small = (int) Math.min(rows, cols);
        int n = big * small;
        if (n == 0) {
            return new float[0];
        }
        ByteBuffer draws = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        backend.fill(new FillSpec(seed, stream, Distribution.NORMAL, 0f, 1f, DType.FLOAT32), 0, draws);
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

}
