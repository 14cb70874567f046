package dev.weightinit.core;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.FillArguments;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The whole-tensor conveniences of {@link Initializer} (Keras' {@code initializer(shape)}), written
 * once over its two fills: Java arrays and heap buffers filled a direct chunk at a time, and a new
 * device tensor. Thread-safe: stateless.
 */
final class InitializerArrays {
    private InitializerArrays() {
    }

    static float[] floats(Initializer initializer, Shape shape, Backend backend) {
        float[] values = WholeTensorArray.of(shape);
        long count = values.length;
        TensorSpec tensor = TensorSpec.of(shape, DType.FLOAT32);
        int chunk = (int) Math.min(count, 1 << 24);
        ByteBuffer bytes = ByteBuffer.allocateDirect(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < count; done += chunk) { // long: the last done + chunk may pass 2^31 - 1
            int n = (int) Math.min(chunk, count - done);
            bytes.clear().limit(n * 4);
            initializer.fill(tensor, done, bytes, backend);
            bytes.asFloatBuffer().get(values, (int) done, n);
        }
        return values;
    }

    static short[] halves(Initializer initializer, Shape shape, DType dtype, Backend backend) {
        FillArguments.checkHalves(dtype);
        short[] values = WholeTensorArray.halves(shape);
        TensorSpec tensor = TensorSpec.of(shape, dtype);
        int chunk = (int) Math.min(Math.max(values.length, 1), 1 << 24);
        ByteBuffer bytes = ByteBuffer.allocateDirect(chunk * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (long done = 0; done < values.length; done += chunk) {
            int n = (int) Math.min(chunk, values.length - done);
            bytes.clear().limit(n * 2);
            initializer.fill(tensor, done, bytes, backend);
            bytes.asShortBuffer().get(values, (int) done, n);
        }
        return values;
    }

    static ByteBuffer bytes(Initializer initializer, TensorSpec tensor, Backend backend) {
        long elements = tensor.elementCount();
        int size = tensor.dtype().bytes();
        if (elements > Initializer.MAX_ARRAY_ELEMENTS / size) {
            throw new IllegalArgumentException("tensor " + tensor.shape() + " of " + tensor.dtype().specName() + " is "
                    + (elements > Long.MAX_VALUE / size ? "more than 2^63 - 1" : Long.toString(elements * size))
                    + " bytes: a buffer holds at most 2^31 - 9; fill slices or a device buffer instead");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) (elements * size)).order(ByteOrder.LITTLE_ENDIAN);
        initializer.fill(tensor, 0, buffer, backend);
        return buffer;
    }

    static DeviceBuffer deviceBuffer(Initializer initializer, TensorSpec tensor, Backend backend) {
        DeviceBuffer result = backend.allocate(Math.max(1, tensor.elementCount()), tensor.dtype());
        try {
            initializer.fill(tensor, 0, tensor.elementCount(), backend, result, 0);
        } catch (RuntimeException e) {
            result.close();
            throw e;
        }
        return result;
    }
}
