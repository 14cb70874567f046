package dev.weightinit.checkpoint;

import dev.weightinit.io.TensorWriter;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The per-tensor summary {@code init} prints: name, shape, dtype, initializer, mean, std and expected std. */
final class TensorTable {
    private TensorTable() {
    }

    static void print(PrintWriter out, List<TensorWriter.Job> jobs, List<TensorWriter.TensorStats> stats) {
        int nameWidth = Math.max(6, jobs.stream().mapToInt(j -> j.name().length()).max().orElse(6));
        String row = "%-" + nameWidth + "s  %-20s  %-8s  %-16s  %11s  %10s  %12s%n";
        out.printf(Locale.ROOT, row, "tensor", "shape", "dtype", "initializer", "mean", "std", "expected std");
        for (int i = 0; i < jobs.size(); i++) {
            TensorWriter.Job job = jobs.get(i);
            TensorWriter.TensorStats s = stats.get(i);
            String expected = job.initializer().expectedStddev(job.tensor().shape()).stream()
                    .mapToObj(v -> String.format(Locale.ROOT, "%.6g", v)).findFirst().orElse("-");
            out.printf(Locale.ROOT, row, job.name(), job.tensor().shape(), job.tensor().dtype().specName(),
                    job.initializer().className(), String.format(Locale.ROOT, "%.4g", s.mean()),
                    String.format(Locale.ROOT, "%.6g", s.stddev()), expected);
        }
    }
}
