package dev.weightinit.cli;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Compares devices: the options, then {@link BenchRunner} measures each device and
 * {@link BenchReport} prints and writes what it measured (or merges earlier reports).
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

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs; the median is reported. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--report", paramLabel = "DIR", description = "Write bench.json, bench.csv and bench.png there.")
    Path report;

    @Option(names = "--compare", arity = "1..*", paramLabel = "REPORT.json",
            description = "Merge these reports (from any machines) instead of measuring.")
    List<Path> compare;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchReport measured;
        if (compare != null) {
            measured = BenchReport.merge(compare);
        } else {
            BenchRunner runner = new BenchRunner(warmup, repeats, budget, err);
            List<Long> sizes = BenchSizes.parse(sizeList);
            if (sizes.isEmpty() || dtypes.isEmpty() || distributions.isEmpty() || devices.isEmpty()) {
                throw new IllegalArgumentException("--sizes, --dtype, --distributions and --device each need at least one value");
            }
            if (report != null && java.nio.file.Files.exists(report) && !java.nio.file.Files.isDirectory(report)) {
                throw new IllegalArgumentException("--report " + report + " is a file: expected a folder (created if missing)");
            }
            List<DType> types = dtypes.stream().map(CommonOptions::dtype).toList();
            for (DType type : types) {
                if (!type.isFloating()) {
                    throw new IllegalArgumentException("dtype " + type.specName() + " holds constants only: bench times "
                            + "float32, float16, bfloat16 and float64");
                }
            }
            List<Distribution> transforms = distributions.stream().map(BenchCommand::distribution).toList();
            List<String> choices = expand(devices);
            for (String choice : choices) { // every size checked on every device before anything is measured
                try (Backend backend = Devices.open(choice, OpenClOptions.defaults(), m -> { })) {
                    for (long size : sizes) {
                        for (DType dtype : types) {
                            BenchRunner.checkSize(backend, size, dtype);
                        }
                    }
                }
            }
            Map<String, Object> host = BenchRunner.hostDetails();
            List<Map<String, Object>> deviceDetails = new ArrayList<>();
            List<BenchReport.Result> results = new ArrayList<>();
            for (String choice : choices) {
                try (Backend backend = Devices.open(choice, OpenClOptions.defaults(), m -> err.println("warning: " + m))) {
                    err.println("bench: " + backend.description());
                    deviceDetails.add(BenchRunner.deviceDetails(backend));
                    results.addAll(runner.measure(backend, transforms, types, sizes, String.valueOf(host.get("name"))));
                }
            }
            List<String> args = spec.commandLine().getParseResult().originalArgs();
            int own = args.indexOf("bench");
            measured = BenchReport.of(host, deviceDetails, args.subList(own + 1, args.size()), results);
        }
        measured.printTable(out);
        if (report != null) {
            measured.write(report);
            err.println("bench: wrote " + report.resolve("bench.json") + ", bench.csv, bench.png");
        }
        return measured.anyFailed() ? 1 : 0;
    }

    private static Distribution distribution(String name) {
        for (Distribution d : Distribution.values()) {
            if (d.specName().equals(name) && d != Distribution.RAW_BITS) {
                return d;
            }
        }
        throw new IllegalArgumentException("distribution '" + name + "' is not valid: expected uniform, normal or truncated_normal");
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
