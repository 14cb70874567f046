package dev.weightinit.api;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.engine.ValueWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.cl_mem;

/**
 * An initializer whose values are computed on the host as float32 ({@link #compute}) and rounded
 * to the output type by stream spec §4: Identity, Orthogonal, STFT. On an OpenCL device the values
 * are computed on the host and copied in.
 */
public abstract class HostComputedInitializer implements Initializer {
    private static final int CHUNK = 1 << 20;

    /**
     * Writes the float32 values of elements {@code [start, start + count)} of {@code tensor} into
     * {@code out[0 .. count)}; {@code backend} serves any random draws.
     *
     * @throws IllegalArgumentException if the shape does not suit this initializer
     */
    protected abstract void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend);

    @Override
    public final void fill(TensorSpec tensor, long start, ByteBuffer dst, Backend backend) {
        int bytes = tensor.dtype().bytes();
        long count = dst.remaining() / bytes;
        Initializer.checkRange(tensor, start, count);
        ByteBuffer target = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) Math.min(CHUNK, Math.max(count, 1))];
        for (long done = 0; done < count; done += CHUNK) {
            int n = (int) Math.min(CHUNK, count - done);
            compute(tensor, start + done, values, n, backend);
            ValueWriter.write(tensor.dtype(), values, n, target, dst.position() + (int) (done * bytes));
        }
    }

    @Override
    public final void fill(TensorSpec tensor, long start, long count, OpenClBackend device, cl_mem dst, long dstOffset) {
        Initializer.checkRange(tensor, start, count);
        int bytes = tensor.dtype().bytes();
        float[] values = new float[(int) Math.min(CHUNK, Math.max(count, 1))];
        ByteBuffer staging = ByteBuffer.allocateDirect(values.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < count; done += CHUNK) {
            int n = (int) Math.min(CHUNK, count - done);
            compute(tensor, start + done, values, n, device);
            staging.clear();
            ValueWriter.write(tensor.dtype(), values, n, staging, 0);
            staging.limit(n * bytes);
            device.write(dst, (dstOffset + done) * bytes, staging);
        }
    }
}
