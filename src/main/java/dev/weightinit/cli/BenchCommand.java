package dev.weightinit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Reserved for the hardware-comparison benchmark (verify every device, then time it). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Verify each device bit for bit against the Java reference, then time it (not available yet).")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new WeightInit.UsageError("bench is not available in this version; use the JMH suite: mvn -B -Pbench -DskipTests verify");
    }
}
