package dev.weightinit.cli;

import dev.weightinit.io.TensorWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code init --profile}: where a run's wall time went, from the launcher JVM's start to now. The
 * JVM starts come from the processes' start times (10 ms resolution on Linux), the rest from
 * clocks read in this JVM. Stateless.
 */
final class StageProfile {
    /** When {@link WeightInit#main} began, in epoch milliseconds (0 when not run through main). */
    static volatile long mainMillis;

    private StageProfile() {
    }

    static void print(PrintWriter err, TensorWriter.Stages stages) {
        long now = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Optional<Instant> launcherStart = System.getenv(WeightInit.RELAUNCHED) == null ? Optional.empty()
                : ProcessHandle.current().parent().flatMap(parent -> parent.info().startInstant());
        long first = launcherStart.map(Instant::toEpochMilli).orElse(jvmStart);
        long main = mainMillis > 0 ? mainMillis : jvmStart;
        double written = stages.generateSeconds() + stages.statisticsSeconds() + stages.generatorWaitSeconds();
        err.printf(Locale.ROOT, "profile: %.2f s wall from the first JVM's start%n", (now - first) / 1e3);
        launcherStart.ifPresent(start -> err.printf(Locale.ROOT,
                "profile:   launcher JVM (start, then restart with signal chaining and SIMD)  %6.2f s%n", (jvmStart - first) / 1e3));
        err.printf(Locale.ROOT, "profile:   JVM start to main                                        %6.2f s%n", (main - jvmStart) / 1e3);
        err.printf(Locale.ROOT, "profile:   setup (spec, device, certificate) and the end           %6.2f s%n",
                Math.max(0, (now - main) / 1e3 - written));
        err.printf(Locale.ROOT, "profile:   writing, generating thread: generate %.2f s, statistics %.2f s, waiting for a free buffer %.2f s%n",
                stages.generateSeconds(), stages.statisticsSeconds(), stages.generatorWaitSeconds());
        err.printf(Locale.ROOT, "profile:   writing, writing thread: file writes %.2f s, waiting for values %.2f s%n",
                stages.writeSeconds(), stages.writerWaitSeconds());
    }
}
