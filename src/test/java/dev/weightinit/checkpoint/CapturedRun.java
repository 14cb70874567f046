package dev.weightinit.checkpoint;

import dev.weightinit.io.TensorWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
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
}
