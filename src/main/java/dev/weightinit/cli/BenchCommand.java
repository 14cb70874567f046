package dev.weightinit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.DeviceTensor;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.BatchGenerator;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.VectorSupport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_event;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Compares devices: each is first checked bit for bit against the Java reference on a sample of
 * every distribution and dtype (a device that differs is FAILED and not timed), then timed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Verify every device bit for bit against the Java reference, then time it: samples/s, effective GB/s and "
                + "the fraction of the device's own fill bandwidth.",
            "With --compare, merge reports from several machines into one table and chart."})
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int SAMPLE = (1 << 20) + 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--device", split = ",", defaultValue = "all", paramLabel = "DEVICE",
            description = "all (the Java fallback and every OpenCL device), or a list of cpu, opencl, opencl:P:D. Default: ${DEFAULT-VALUE}.")
    List<String> devices;

    @Option(names = "--sizes", split = ",", defaultValue = "1048576,16777216", paramLabel = "N",
            description = "Elements per fill. Default: ${DEFAULT-VALUE}.")
    List<Long> sizes;

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

    /** One measured (device, distribution, dtype, size). */
    record Result(String host, String device, String description, String distribution, String dtype, long size, String status,
                  double medianSeconds, double minSeconds, double maxSeconds, double kernelSeconds, double fillBandwidth) {
        double samplesPerSecond() {
            return size / medianSeconds;
        }

        double gigabytesPerSecond() {
            return size * (double) DType.parse(dtype).bytes() / medianSeconds / 1e9;
        }

        double fractionOfFill() {
            return fillBandwidth > 0 ? gigabytesPerSecond() * 1e9 / fillBandwidth : Double.NaN;
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (repeats < 1 || warmup < 0) {
            throw new IllegalArgumentException("repeats " + repeats + " and warmup " + warmup + ": need repeats >= 1, warmup >= 0");
        }
        List<Result> results;
        Map<String, Object> document;
        if (compare != null) {
            results = new ArrayList<>();
            List<Object> hosts = new ArrayList<>();
            for (Path file : compare) {
                JsonNode node = JSON.readTree(file.toFile());
                hosts.add(node.get("host"));
                for (JsonNode r : node.get("results")) {
                    results.add(JSON.treeToValue(r, Result.class));
                }
            }
            document = new LinkedHashMap<>();
            document.put("hosts", hosts);
            document.put("results", results);
        } else {
            List<DType> types = dtypes.stream().map(CommonOptions::dtype).toList();
            List<Distribution> transforms = distributions.stream().map(BenchCommand::distribution).toList();
            for (long size : sizes) {
                if (size < 1 || size > Integer.MAX_VALUE / 8) {
                    throw new IllegalArgumentException("size " + size + " is not valid: expected 1 to " + Integer.MAX_VALUE / 8);
                }
            }
            Map<String, Object> host = hostDetails();
            List<Map<String, Object>> deviceDetails = new ArrayList<>();
            results = new ArrayList<>();
            for (String choice : expand(devices)) {
                try (Backend backend = Devices.open(choice, OpenClOptions.defaults(), m -> err.println("warning: " + m))) {
                    err.println("bench: " + backend.description());
                    deviceDetails.add(deviceDetails(backend));
                    results.addAll(measure(backend, transforms, types, String.valueOf(host.get("name")), err));
                }
            }
            document = new LinkedHashMap<>();
            document.put("host", host);
            document.put("devices", deviceDetails);
            document.put("results", results);
        }
        printTable(out, results);
        if (report != null) {
            Files.createDirectories(report);
            JSON.writeValue(report.resolve("bench.json").toFile(), document);
            Files.writeString(report.resolve("bench.csv"), csv(results));
            BenchChart.write(results, report.resolve("bench.png"));
            err.println("bench: wrote " + report.resolve("bench.json") + ", bench.csv, bench.png");
        }
        return results.stream().anyMatch(r -> r.status().equals("FAILED")) ? 1 : 0;
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

    private List<Result> measure(Backend backend, List<Distribution> transforms, List<DType> types, String hostName, PrintWriter err) {
        List<Result> results = new ArrayList<>();
        if (backend instanceof CpuBackend) {
            awaitSimdWarmUp(err);
        }
        // The scalar reference, so that the SIMD fallback is checked against other code, not itself.
        try (CpuBackend reference = new CpuBackend(Runtime.getRuntime().availableProcessors(), BatchGenerator::new)) {
            for (Distribution distribution : transforms) {
                for (DType dtype : types) {
                    FillSpec spec = new FillSpec(20241124L, 7L, distribution, 0.0f, 1.0f, dtype);
                    boolean exact = verify(backend, reference, spec);
                    for (long size : sizes) {
                        if (!exact) {
                            results.add(new Result(hostName, backend.id(), backend.description(), distribution.specName(),
                                    dtype.specName(), size, "FAILED", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
                            continue;
                        }
                        results.add(time(backend, spec, size, hostName));
                        err.printf(Locale.ROOT, "bench: %s %s %s %d done%n", backend.id(), distribution.specName(), dtype.specName(), size);
                    }
                }
            }
        }
        return results;
    }

    /** Times the Java fallback in its steady state: SIMD, once warmed up, where the JVM has it. */
    private static void awaitSimdWarmUp(PrintWriter err) {
        try {
            if (VectorSupport.usable() && !VectorSupport.awaitWarmUp(5, TimeUnit.MINUTES)) {
                err.println("warning: the SIMD path did not beat the scalar path on every distribution; timing what runs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the SIMD warm-up", e);
        }
    }

    /**
     * Samples of elements equal the Java reference bit for bit: from 0, from an unaligned start,
     * across block 2^32 (where the block index carries into the high counter word) and near 2^62.
     */
    static boolean verify(Backend backend, CpuBackend reference, FillSpec spec) {
        for (long start : new long[] {0, 12_345_677L, (1L << 34) - SAMPLE / 2 - 1, (1L << 62) + 3}) {
            ByteBuffer expected = ByteBuffer.allocateDirect(SAMPLE * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer actual = ByteBuffer.allocateDirect(SAMPLE * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            reference.fill(spec, start, expected);
            backend.fill(spec, start, actual);
            if (!expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    private Result time(Backend backend, FillSpec spec, long size, String hostName) {
        int n = (int) size;
        double[] seconds = new double[repeats];
        double[] kernel = new double[repeats];
        double fill;
        if (backend instanceof OpenClBackend device) {
            try (DeviceTensor buffer = device.allocate(n, spec.dtype())) {
                DeviceTensor.Segment segment = buffer.segments().get(0);
                for (int r = -warmup; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    cl_event event = device.enqueueFill(spec, 0, n, segment.memory(), 0);
                    device.finish();
                    long t1 = System.nanoTime();
                    if (r >= 0) {
                        seconds[r] = (t1 - t0) / 1e9;
                        kernel[r] = kernelSeconds(event);
                    }
                    CL.clReleaseEvent(event);
                }
                fill = fillBandwidth(device, buffer, n * (long) spec.dtype().bytes());
            }
        } else {
            ByteBuffer host = ByteBuffer.allocateDirect(n * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = -warmup; r < repeats; r++) {
                long t0 = System.nanoTime();
                backend.fill(spec, 0, host);
                long t1 = System.nanoTime();
                if (r >= 0) {
                    seconds[r] = (t1 - t0) / 1e9;
                    kernel[r] = Double.NaN;
                }
            }
            fill = hostFillBandwidth(n * spec.dtype().bytes());
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double[] kernels = kernel.clone();
        Arrays.sort(kernels);
        return new Result(hostName, backend.id(), backend.description(), spec.distribution().specName(), spec.dtype().specName(),
                size, backend.bitExact() ? "OK" : "OK (not bit-exact)", sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1],
                kernels[kernels.length / 2], fill);
    }

    private static double kernelSeconds(cl_event event) {
        long[] start = new long[1];
        long[] end = new long[1];
        int a = CL.clGetEventProfilingInfo(event, CL.CL_PROFILING_COMMAND_START, 8, Pointer.to(start), null);
        int b = CL.clGetEventProfilingInfo(event, CL.CL_PROFILING_COMMAND_END, 8, Pointer.to(end), null);
        return a == CL.CL_SUCCESS && b == CL.CL_SUCCESS ? (end[0] - start[0]) / 1e9 : Double.NaN;
    }

    /** clEnqueueFillBuffer bytes/s of the same buffer: the device's write ceiling. */
    private double fillBandwidth(OpenClBackend device, DeviceTensor buffer, long bytes) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < warmup + repeats; r++) {
            cl_event event = new cl_event();
            long t0 = System.nanoTime();
            CL.clEnqueueFillBuffer(device.queue(), buffer.segments().get(0).memory(), Pointer.to(new float[] {1f}), 4, 0, bytes,
                    0, null, event);
            device.finish();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            CL.clReleaseEvent(event);
        }
        return bytes / best;
    }

    /** Bytes/s of Arrays.fill on every core: the host's write ceiling. */
    private double hostFillBandwidth(long bytes) {
        int n = (int) (bytes / 4);
        float[] array = new float[n];
        int cores = Runtime.getRuntime().availableProcessors();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < warmup + repeats; r++) {
            long t0 = System.nanoTime();
            IntStream.range(0, cores).parallel().forEach(c -> Arrays.fill(array, (int) ((long) n * c / cores),
                    (int) ((long) n * (c + 1) / cores), 1f));
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return bytes / best;
    }

    private static Map<String, Object> hostDetails() {
        Map<String, Object> host = new LinkedHashMap<>();
        String name = System.getenv().getOrDefault("HOSTNAME", "host");
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException ignored) {
            // keep the environment's name
        }
        host.put("name", name);
        host.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        host.put("cpu", cpuModel());
        host.put("cores", Runtime.getRuntime().availableProcessors());
        host.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        host.put("stream_spec", dev.weightinit.engine.StreamSpec.VERSION);
        host.put("time", java.time.Instant.now().toString());
        return host;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Map<String, Object> deviceDetails(Backend backend) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", backend.id());
        details.put("description", backend.description());
        details.put("bit_exact", backend.bitExact());
        if (backend instanceof OpenClBackend device) {
            OpenClDeviceInfo info = device.info();
            details.put("type", info.type().toString());
            details.put("vendor", info.vendor().strip());
            details.put("version", info.version().strip());
            details.put("driver", info.driverVersion().strip());
            details.put("compute_units", info.computeUnits());
            details.put("global_memory_bytes", info.globalMemoryBytes());
            details.put("max_buffer_bytes", info.maxAllocationBytes());
        }
        return details;
    }

    private static void printTable(PrintWriter out, List<Result> results) {
        String row = "%-14s %-12s %-17s %-9s %10s %-10s %10s %14s %9s %8s %8s%n";
        out.printf(Locale.ROOT, row, "host", "device", "distribution", "dtype", "elements", "status", "median ms", "samples/s",
                "GB/s", "of fill", "spread");
        for (Result r : results) {
            boolean timed = !r.status().equals("FAILED");
            out.printf(Locale.ROOT, row, truncate(r.host(), 14), r.device(), r.distribution(), r.dtype(), r.size(), r.status(),
                    timed ? String.format(Locale.ROOT, "%.2f", r.medianSeconds() * 1e3) : "-",
                    timed ? String.format(Locale.ROOT, "%.3g", r.samplesPerSecond()) : "-",
                    timed ? String.format(Locale.ROOT, "%.2f", r.gigabytesPerSecond()) : "-",
                    timed ? String.format(Locale.ROOT, "%.0f%%", 100 * r.fractionOfFill()) : "-",
                    timed ? String.format(Locale.ROOT, "±%.0f%%", 50 * (r.maxSeconds() - r.minSeconds()) / r.medianSeconds()) : "-");
        }
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width);
    }

    private static String csv(List<Result> results) {
        StringBuilder csv = new StringBuilder("host,device,description,distribution,dtype,elements,status,median_s,min_s,max_s,"
                + "kernel_s,samples_per_s,gb_per_s,fill_bytes_per_s,fraction_of_fill\n");
        for (Result r : results) {
            csv.append(String.join(",", quote(r.host()), r.device(), quote(r.description()), r.distribution(), r.dtype(),
                    Long.toString(r.size()), r.status(), num(r.medianSeconds()), num(r.minSeconds()), num(r.maxSeconds()),
                    num(r.kernelSeconds()), num(r.samplesPerSecond()), num(r.gigabytesPerSecond()), num(r.fillBandwidth()),
                    num(r.fractionOfFill()))).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String num(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
    }
}
