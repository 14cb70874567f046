package dev.weightinit.checkpoint;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The bytes a writer's tensor must hold, made by the initializer itself on the Java fallback. */
final class Fills {
    private Fills() {
    }

    /** What {@code init} makes of the tensor {@code name} of {@code elements} values: its stream is its name's. */
    static byte[] of(Initializer init, String name, long elements, DType dtype) {
        try (CpuBackend cpu = new CpuBackend(1)) {
            ByteBuffer dst = ByteBuffer.allocate((int) elements * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            init.fill(TensorSpec.named(name, Shape.of(elements), dtype), 0, dst, cpu);
            return dst.array();
        }
    }
}
