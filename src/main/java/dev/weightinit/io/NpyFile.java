package dev.weightinit.io;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A NumPy {@code .npy} file of one tensor, or of the flat slice {@code [offset, offset + count)} of
 * it as a 1-D array, written atomically: the whole file, or the target untouched. Thread-safe: stateless.
 */
public final class NpyFile {
    private NpyFile() {
    }

    /**
     * @param offset the slice's first element, {@code 0 <= offset <= elements}
     * @param count  the slice's elements, {@code 0 <= count <= elements - offset}
     * @throws IllegalArgumentException naming the offset or count that falls outside the tensor
     */
    public static void write(Path target, TensorSpec tensor, Initializer initializer, long offset, long count, Backend backend)
            throws IOException {
        long total = tensor.shape().elementCount();
        if (offset < 0 || offset > total) {
            throw new IllegalArgumentException("offset " + offset + " is outside the tensor " + tensor.shape() + " of " + total + " elements");
        }
        if (count < 0 || count > total - offset) {
            throw new IllegalArgumentException("count " + count + " from offset " + offset + " runs past the tensor's " + total + " elements");
        }
        Shape written = offset == 0 && count == total ? tensor.shape() : Shape.of(count);
        try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
            ByteBuffer header = NpyHeader.of(tensor.dtype(), written);
            long position = file.writeAt(header, 0);
            new TensorWriter(backend, 1 << 26).write(List.of(new TensorWriter.Job("tensor", tensor, initializer, offset, count)),
                    file.channel(), position, (bytes, done, job) -> { });
            file.commit();
        }
    }
}
