package dev.weightinit.api;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.StreamSpec;
import java.nio.ByteBuffer;
import java.util.OptionalDouble;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * An initializer whose every element is {@code a + b * z} of one stream-spec transform
 * ({@link #fillSpec}): the random initializers, and the constant ones with {@code b = 0}. Any slice
 * is generated directly on any backend, OpenCL devices included.
 */
public abstract class ElementwiseInitializer implements Initializer {

    /** The transform and float32 {@code a}, {@code b} for this tensor (stream spec §4). */
    public abstract FillSpec fillSpec(TensorSpec tensor);

    @Override
    public final void fill(TensorSpec tensor, long start, ByteBuffer dst, Backend backend) {
        Initializer.checkRange(tensor, start, dst.remaining() / tensor.dtype().bytes());
        backend.fill(fillSpec(tensor), start, dst);
    }

    @Override
    public final void fill(TensorSpec tensor, long start, long count, OpenClBackend device, cl_mem dst, long dstOffset) {
        Initializer.checkRange(tensor, start, count);
        org.jocl.cl_event event = device.enqueueFill(fillSpec(tensor), start, count, dst, dstOffset);
        if (event != null) {
            CL.clReleaseEvent(event);
        }
        device.finish();
    }

    @Override
    public OptionalDouble expectedStddev(Shape shape) {
        FillSpec spec = fillSpec(TensorSpec.of(shape, dev.weightinit.engine.DType.FLOAT32));
        double b = Math.abs(spec.b());
        return OptionalDouble.of(switch (spec.distribution()) {
            case UNIFORM -> b / Math.sqrt(12);
            case NORMAL -> b;
            case TRUNCATED_NORMAL -> b * StreamSpec.TRUNCATED_STDDEV;
            case RAW_BITS -> Double.NaN;
        });
    }

    /** A constant tensor: {@code a + 0 * u} is exactly {@code a} (except that -0 becomes +0). */
    static FillSpec constant(TensorSpec tensor, double value) {
        return new FillSpec(0L, tensor.stream(), Distribution.UNIFORM, (float) value, 0.0f, tensor.dtype());
    }

    /** Stream spec §4: {@code a}, {@code b} computed in double, each rounded once to float32. */
    static FillSpec random(Seed seed, TensorSpec tensor, Distribution distribution, double a, double b) {
        return new FillSpec(seed.value(), tensor.stream(), distribution, (float) a, (float) b, tensor.dtype());
    }
}
