package dev.weightinit.checkpoint;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.io.TensorWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RunOutput} for the writers' tests that keeps what a run reports: its summary, its notes
 * and the setup marks, in order; no progress is shown.
 */
final class CapturedRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    final List<String> marks = new ArrayList<>();

    /** @param tensorTable whether the summary has a row per tensor */
    RunOutput output(boolean tensorTable) {
        return new RunOutput(new PrintWriter(out, true), new PrintWriter(err, true), tensorTable, new TensorWriter.Stages(),
                (bytes, tensors) -> new RunOutput.ProgressDisplay() {
                    @Override
                    public void written(long done, int tensorsDone, TensorWriter.Job current) {
                    }

                    @Override
                    public void close() {
                    }
                }, marks::add);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** What {@code init} makes of the tensor {@code name} of {@code elements} values: its stream is its name's. */
    static byte[] made(Initializer init, String name, long elements, DType dtype) {
        try (CpuBackend cpu = new CpuBackend(1)) {
            ByteBuffer dst = ByteBuffer.allocate((int) elements * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            init.fill(TensorSpec.named(name, Shape.of(elements), dtype), 0, dst, cpu);
            return dst.array();
        }
    }
}
