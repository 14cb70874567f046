package dev.weightinit.cli;

import dev.weightinit.io.Format;
import dev.weightinit.checkpoint.RunOutput;
import dev.weightinit.io.TensorWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long write on stderr: a bar (tensors, bytes, rate, ETA) when stderr is a terminal,
 * plain periodic lines otherwise, or nothing. Called from one thread.
 */
interface Progress extends RunOutput.ProgressDisplay {

    void update(long bytes, int tensorsDone, String current);

    /** The writer's and verifier's report: bytes done, tensors done, and the tensor at hand ({@code null} for none). */
    @Override
    default void written(long bytes, int tensorsDone, TensorWriter.Job current) {
        update(bytes, tensorsDone, current == null ? "" : current.name());
    }

    @Override
    void close();

    /**
     * Refuses a mode other than auto, bar, plain or none.
     *
     * @throws IllegalArgumentException naming the mode and the allowed ones
     */
    static void checkMode(String mode) {
        if (!java.util.List.of("auto", "bar", "plain", "none").contains(mode)) {
            throw new IllegalArgumentException("progress '" + mode + "' is not valid: expected auto, bar, plain or none");
        }
    }

    /** {@code auto}: a bar on a terminal, plain lines otherwise. */
    static Progress create(String mode, long totalBytes, int totalTensors, PrintWriter err) {
        return create("init", mode, totalBytes, totalTensors, err);
    }

    /** {@link #create(String, long, int, PrintWriter)} for the command {@code task} ({@code init}, {@code verify}). */
    static Progress create(String task, String mode, long totalBytes, int totalTensors, PrintWriter err) {
        checkMode(mode);
        String effective = mode.equals("auto") ? (stderrIsTerminal() ? "bar" : "plain") : mode;
        return switch (effective) {
            case "bar" -> new Bar(task, totalBytes, totalTensors);
            case "plain" -> new Lines(task, totalBytes, totalTensors, err);
            case "none" -> new Progress() {
                @Override
                public void update(long bytes, int tensorsDone, String current) {
                }

                @Override
                public void close() {
                }
            };
            default -> throw new IllegalStateException(mode);
        };
    }

    /**
     * Environment variable ({@code 1} or {@code 0}) by which a parent CLI process that pipes this
     * process's stderr says whether its own stderr is a terminal.
     */
    String STDERR_TERMINAL = "WEIGHTINIT_STDERR_TERMINAL";

    /** Whether file descriptor 2 is a terminal (Linux: it links to a tty device), or the parent's is. */
    static boolean stderrIsTerminal() {
        String inherited = System.getenv(STDERR_TERMINAL);
        if (inherited != null) {
            return inherited.equals("1");
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    /** The progressbar library's bar, in MiB. */
    final class Bar implements Progress {
        private final ProgressBar bar;
        private final int totalTensors;

        Bar(String task, long totalBytes, int totalTensors) {
            this.totalTensors = totalTensors;
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, totalBytes >> 20))
                    .setUnit(" MiB", 1).showSpeed().setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
        }

        @Override
        public void update(long bytes, int tensorsDone, String current) {
            bar.stepTo(bytes >> 20);
            bar.setExtraMessage(tensorsDone + "/" + totalTensors + " tensors, " + current);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** A line every few seconds, for logs. */
    final class Lines implements Progress {
        private static final long INTERVAL_NANOS = 5_000_000_000L;
        private final long totalBytes;
        private final int totalTensors;
        private final PrintWriter err;
        private final long started = System.nanoTime();
        private long lastLine = started;

        private final String task;

        Lines(String task, long totalBytes, int totalTensors, PrintWriter err) {
            this.task = task;
            this.totalBytes = totalBytes;
            this.totalTensors = totalTensors;
            this.err = err;
        }

        @Override
        public void update(long bytes, int tensorsDone, String current) {
            long now = System.nanoTime();
            if (now - lastLine < INTERVAL_NANOS && tensorsDone < totalTensors) {
                return;
            }
            lastLine = now;
            double seconds = (now - started) / 1e9;
            double rate = bytes / Math.max(seconds, 1e-9);
            double eta = rate > 0 ? (totalBytes - bytes) / rate : 0;
            err.printf(Locale.ROOT, task + ": %d/%d tensors, %s of %s, %s/s, ETA %s%n", tensorsDone, totalTensors, Format.bytes(bytes),
                    Format.bytes(totalBytes), Format.bytes(rate), Format.duration(eta));
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
