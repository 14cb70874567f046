package dev.weightinit.cli;

import dev.weightinit.bench.Bench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weightinit bench}: the options, then {@link Bench} measures each device (or merges earlier
 * reports), and the table and report files are printed and written.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Verify every device bit for bit against the Java reference, then time it: samples/s, effective GB/s and "
                + "the fraction of the device's own fill bandwidth.",
            "Each figure comes with what bounds it: the device's own write ceiling (its write kernels), raw Philox on the same "
                + "device, and nanoseconds per sample per compute unit.",
            "With --compare, merge reports from several machines into one table, charts and a self-contained HTML page."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", split = ",", defaultValue = "all", paramLabel = "DEVICE",
            description = "all (the Java fallback and every OpenCL device), or a list of cpu, opencl, opencl:P:D. Default: ${DEFAULT-VALUE}.")
    List<String> devices;

    @Option(names = "--sizes", defaultValue = "1M,16M", paramLabel = "SIZES",
            description = "Elements per fill: a comma-separated list of counts (1536, 64K, 16M, 1G: powers of 2^10) or ranges "
                    + "A..B (A, 2A, 4A, ... up to B), each at least 1 and at most what the device (or the JVM, for cpu) holds. "
                    + "Default: ${DEFAULT-VALUE}.")
    String sizeList;

    @Option(names = "--budget", defaultValue = "10", paramLabel = "SECONDS",
            description = "After --repeats runs, repeat a figure until its median's 95%% interval is within ±3%%, for at most "
                    + "this long. Default: ${DEFAULT-VALUE}.")
    double budget;

    @Option(names = "--dtype", split = ",", defaultValue = "float32,bfloat16", paramLabel = "DTYPE",
            description = "Output types. Default: ${DEFAULT-VALUE}.")
    List<String> dtypes;

    @Option(names = "--distributions", split = ",", defaultValue = "uniform,normal,truncated_normal", paramLabel = "NAME",
            description = "Transforms. Default: ${DEFAULT-VALUE}.")
    List<String> distributions;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "N", description = "Untimed runs first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N", description = "Timed runs; the median is reported. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--report", paramLabel = "DIR", description = "Write bench.json, bench.csv, bench.png, bench-sizes.png and bench.html there (a folder, created if missing).")
    Path report;

    @Option(names = "--compare", arity = "1..*", paramLabel = "REPORT.json",
            description = "Merge these reports (from any machines) instead of measuring.")
    List<Path> compare;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Bench.Report measured;
        if (compare != null) {
            measured = Bench.merge(compare);
        } else {
            Bench.checkReportFolder(report);
            List<String> args = spec.commandLine().getParseResult().originalArgs();
            int own = args.indexOf("bench");
            measured = Bench.measure(new Bench.Request(devices, sizeList, dtypes, distributions, warmup, repeats, budget,
                    args.subList(own + 1, args.size())), err);
        }
        measured.printTable(out);
        if (report != null) {
            measured.write(report);
            err.println("bench: wrote " + report.resolve("bench.json") + ", bench.csv, bench.png");
        }
        return measured.anyFailed() ? 1 : 0;
    }
}
