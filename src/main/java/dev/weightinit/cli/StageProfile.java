package dev.weightinit.cli;

import dev.weightinit.io.TensorWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code init --profile}: where a run's wall time went, from the launcher JVM's start to now. The
 * JVM starts come from the processes' start times (10 ms resolution on Linux), the rest from
 * clocks read in this JVM. Thread-safe: marks go to a concurrent list.
 */
final class StageProfile {
    /** When {@link WeightInit#main} began, in epoch milliseconds (0 when not run through main). */
    static volatile long mainMillis;
    /** Points a run passed, in order: what, and when (epoch milliseconds). */
    private static final List<Map.Entry<String, Long>> MARKS = new CopyOnWriteArrayList<>();

    /** Notes that the run has just done {@code what} (shown by {@link #print} as the time since the previous mark). */
    static void mark(String what) {
        MARKS.add(Map.entry(what, System.currentTimeMillis()));
    }

    private StageProfile() {
    }

    static void print(PrintWriter err, TensorWriter.Stages stages) {
        long now = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Optional<Instant> launcherStart = System.getenv(WeightInit.RELAUNCHED) == null ? Optional.empty()
                : ProcessHandle.current().parent().flatMap(parent -> parent.info().startInstant());
        long first = launcherStart.map(Instant::toEpochMilli).orElse(jvmStart);
        long main = mainMillis > 0 ? mainMillis : jvmStart;
        err.printf(Locale.ROOT, "profile: %.2f s wall from the first JVM's start%n", (now - first) / 1e3);
        launcherStart.ifPresent(start -> err.printf(Locale.ROOT,
                "profile:   %-66s %6.2f s%n", "launcher JVM (start, then restart with signal chaining and SIMD)", (jvmStart - first) / 1e3));
        err.printf(Locale.ROOT, "profile:   %-66s %6.2f s%n", "JVM start to main", (main - jvmStart) / 1e3);
        long previous = main;
        for (Map.Entry<String, Long> mark : MARKS) {
            err.printf(Locale.ROOT, "profile:   %-66s %6.2f s%n", mark.getKey(), (mark.getValue() - previous) / 1e3);
            previous = mark.getValue();
        }
        err.printf(Locale.ROOT, "profile:   %-66s %6.2f s%n", "the end (summary, closing the device)", (now - previous) / 1e3);
        err.printf(Locale.ROOT, "profile: writing: generating thread: generate %.2f s (waiting for a free buffer %3$.2f s); statistics thread: %2$.2f s%n",
                stages.generateSeconds(), stages.statisticsSeconds(), stages.generatorWaitSeconds());
        err.printf(Locale.ROOT, "profile: writing: writing thread: file writes %.2f s, waiting for summed values %.2f s%n",
                stages.writeSeconds(), stages.writerWaitSeconds());
    }
}
