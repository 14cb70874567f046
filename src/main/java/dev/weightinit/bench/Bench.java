package dev.weightinit.bench;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench}: every (device, distribution, dtype, size) asked for, each device verified bit for
 * bit against the Java reference before it is timed ({@link BenchRunner}), as one
 * {@link BenchReport}; or earlier reports merged. Every argument is checked, and every size on every
 * device, before anything is measured. Thread-safe: stateless.
 */
public final class Bench {
    private Bench() {
    }

    /** What to measure, as the command line gives it. */
    public record Request(List<String> devices, String sizes, List<String> dtypes, List<String> distributions, int warmup,
                          int repeats, double budgetSeconds, List<String> command) {
    }

    /**
     * Measures and returns the report; progress lines and warnings go to {@code err}.
     *
     * @throws IllegalArgumentException naming a bad device, size, dtype or distribution
     */
    public static Report measure(Request request, PrintWriter err) {
        BenchRunner runner = new BenchRunner(request.warmup(), request.repeats(), request.budgetSeconds(), err);
        List<Long> sizes = BenchSizes.parse(request.sizes());
        if (sizes.isEmpty() || request.dtypes().isEmpty() || request.distributions().isEmpty() || request.devices().isEmpty()) {
            throw new IllegalArgumentException("--sizes, --dtype, --distributions and --device each need at least one value");
        }
        List<DType> types = request.dtypes().stream().map(DType::parseOutput).toList();
        for (DType type : types) {
            if (!type.isFloating()) {
                throw new IllegalArgumentException("dtype " + type.specName() + " holds constants only: bench times "
                        + "float32, float16, bfloat16 and float64");
            }
        }
        List<Distribution> transforms = request.distributions().stream().map(Bench::distribution).toList();
        List<String> choices = expand(request.devices());
        for (String choice : choices) { // every size checked on every device before anything is measured
            try (Backend backend = Devices.open(choice, m -> { })) {
                for (long size : sizes) {
                    for (DType dtype : types) {
                        BenchRunner.checkSize(backend, size, dtype);
                    }
                }
            }
        }
        Map<String, Object> host = BenchHost.hostDetails();
        List<Map<String, Object>> deviceDetails = new ArrayList<>();
        List<BenchReport.Result> results = new ArrayList<>();
        for (String choice : choices) {
            try (Backend backend = Devices.open(choice, m -> err.println("warning: " + m))) {
                err.println("bench: " + backend.description());
                deviceDetails.add(BenchHost.deviceDetails(backend));
                results.addAll(runner.measure(backend, transforms, types, sizes, String.valueOf(host.get("name"))));
            }
        }
        return new Report(BenchReport.of(host, deviceDetails, request.command(), results));
    }

    /** Merges reports from any machines into one. */
    public static Report merge(List<Path> files) throws IOException {
        return new Report(BenchReport.merge(files));
    }

    /**
     * Refuses a {@code --report} path that is a file.
     *
     * @throws IllegalArgumentException naming it
     */
    public static void checkReportFolder(Path folder) {
        if (folder != null && Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--report " + folder + " is a file: expected a folder (created if missing)");
        }
    }

    /** A measured or merged report: its table, its files, and whether any figure failed verification. */
    public static final class Report {
        private final BenchReport report;

        private Report(BenchReport report) {
            this.report = report;
        }

        public void printTable(PrintWriter out) {
            report.printTable(out);
        }

        /** Writes {@code bench.json}, {@code bench.csv}, the charts and {@code bench.html} into {@code folder}. */
        public void write(Path folder) throws IOException {
            report.write(folder);
        }

        public boolean anyFailed() {
            return report.anyFailed();
        }
    }

    private static Distribution distribution(String name) {
        for (Distribution d : Distribution.values()) {
            if (d.specName().equals(name) && d != Distribution.RAW_BITS) {
                return d;
            }
        }
        throw new IllegalArgumentException("distribution '" + name + "' is not valid: expected uniform, normal, truncated_normal or bounded_normal");
    }

    private static List<String> expand(List<String> choices) {
        List<String> result = new ArrayList<>();
        for (String choice : choices) {
            if (choice.equals("all")) {
                result.add("cpu");
                OpenClPlatforms.discover().devices().forEach(d -> result.add(d.id()));
            } else {
                result.add(choice);
            }
        }
        return result;
    }
}
