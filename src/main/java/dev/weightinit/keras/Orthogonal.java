package dev.weightinit.keras;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.OrthogonalMatrix;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import java.util.OptionalDouble;

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

    static final Declaration<Orthogonal> DECLARATION = Declaration.of("Orthogonal", Orthogonal::new,
            Parameter.seed(), Parameter.number("gain", 1.0).float32Range());

    private final OrthogonalMatrix.Cache cache = new OrthogonalMatrix.Cache();

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
        System.arraycopy(cache.get(tensor, () -> matrix(tensor, backend)), (int) start, out, 0, count);
    }

    private float[] matrix(TensorSpec tensor, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Orthogonal needs a shape of rank 2 or more, not " + shape + " of rank " + shape.rank());
        }
        return OrthogonalMatrix.compute("Orthogonal", shape, rows(shape), columns(shape), gain(), seed().value(), tensor.stream(),
                backend);
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

    /** The QR's expected time, when it is over 2 s ({@link OrthogonalMatrix#announcement}). */
    @Override
    public java.util.Optional<String> slowWork(Shape shape) {
        return shape.rank() < 2 ? java.util.Optional.empty() : OrthogonalMatrix.announcement(rows(shape), columns(shape));
    }
}
