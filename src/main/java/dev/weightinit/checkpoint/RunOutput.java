package dev.weightinit.checkpoint;

import dev.weightinit.io.TensorWriter;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Where a run reports: the summary and the totals to {@code out}, notes, warnings and the drawn
 * seed to {@code err}; a progress display; the writer's stage times; and setup marks for a
 * profile. The command line passes its streams and bar; other callers pass what they show.
 *
 * @param out         the summary and totals
 * @param err         notes ({@code init: wrote FILE}), warnings, the drawn seed
 * @param tensorTable whether the summary prints a row per tensor, not only the totals
 * @param stages      receives the time of each writer stage
 * @param progress    opens a progress display for a write of so many bytes and tensors
 * @param marks       told when a setup step is done, for a profile
 */
public record RunOutput(PrintWriter out, PrintWriter err, boolean tensorTable, TensorWriter.Stages stages, ProgressFactory progress,
                        Consumer<String> marks) {
    /** A progress display for one write; called from one thread. */
    public interface ProgressDisplay extends TensorWriter.Progress, AutoCloseable {
        @Override
        void close();
    }

    /** Opens a display for a write of {@code totalBytes} in {@code tensors} tensors. */
    @FunctionalInterface
    public interface ProgressFactory {
        ProgressDisplay open(long totalBytes, int tensors);
    }
}
