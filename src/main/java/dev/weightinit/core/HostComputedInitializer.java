package dev.weightinit.core;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.ValueWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An initializer whose values are computed on the host as float32 ({@link #compute}) and rounded
 * to the output type by stream spec §4: Identity, Orthogonal, STFT. On a device the values are
 * computed on the host and copied in.
 *
 * <p>Immutable and thread-safe.
 */
public abstract class HostComputedInitializer extends DeclaredInitializer {
    private static final int CHUNK = 1 << 20;

    protected HostComputedInitializer(Config config) {
        super(config);
    }

    /**
     * The mapping: writes the float32 values of elements {@code [start, start + count)} of
     * {@code tensor} into {@code out[0 .. count)}; {@code backend} serves any random draws.
     *
     * @throws IllegalArgumentException if the shape does not suit this initializer
     */
    protected abstract void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend);

    /**
     * The largest magnitude this initializer writes into a tensor of {@code shape}, an upper bound
     * (for the dtype check); {@link Double#POSITIVE_INFINITY} when not known.
     */
    protected abstract double largestMagnitude(Shape shape);

    /**
     * A line for the user when filling a tensor of {@code shape} takes noticeable time on the host
     * (the Orthogonal QR), or empty.
     */
    public java.util.Optional<String> slowWork(Shape shape) {
        return java.util.Optional.empty();
    }

    private void checkRepresentable(TensorSpec tensor) {
        double largest = largestMagnitude(tensor.shape());
        if (largest > tensor.dtype().largestFinite()) {
            throw new IllegalArgumentException(className() + getConfig() + " writes values up to " + largest + " into "
                    + tensor.shape() + ": beyond what " + tensor.dtype().specName() + " holds (" + tensor.dtype().largestFinite() + ")");
        }
    }

    private static void checkOpen(Backend backend) {
        if (!backend.isOpen()) {
            throw new IllegalStateException(backend.description() + " backend is closed");
        }
    }

    @Override
    public final void fill(TensorSpec tensor, long start, ByteBuffer dst, Backend backend) {
        checkOpen(backend);
        int bytes = tensor.dtype().bytes();
        long count = TensorRanges.checkDestination(tensor, start, dst);
        checkRepresentable(tensor);
        ByteBuffer target = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) Math.min(CHUNK, Math.max(count, 1))];
        for (long done = 0; done < count; done += CHUNK) {
            int n = (int) Math.min(CHUNK, count - done);
            compute(tensor, start + done, values, n, backend);
            ValueWriter.write(tensor.dtype(), values, n, target, dst.position() + (int) (done * bytes));
        }
    }

    @Override
    public final void fill(TensorSpec tensor, long start, long count, Backend backend, DeviceBuffer dst, long dstOffset) {
        checkOpen(backend);
        TensorRanges.checkRange(tensor, start, count);
        checkRepresentable(tensor);
        int bytes = tensor.dtype().bytes();
        float[] values = new float[(int) Math.min(CHUNK, Math.max(count, 1))];
        ByteBuffer staging = ByteBuffer.allocateDirect(values.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < count; done += CHUNK) {
            int n = (int) Math.min(CHUNK, count - done);
            compute(tensor, start + done, values, n, backend);
            staging.clear();
            ValueWriter.write(tensor.dtype(), values, n, staging, 0);
            staging.limit(n * bytes);
            backend.write(dst, dstOffset + done, staging);
        }
    }
}
