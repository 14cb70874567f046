package dev.weightinit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weightinit.engine.DType;
import dev.weightinit.io.JsonFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench} measured, and its outputs: the table on stdout, {@code bench.json} (with host
 * and device details, so reports from several machines merge), {@code bench.csv} and
 * {@code bench.png}. Not thread-safe.
 */
final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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

        boolean failed() {
            return status.equals("FAILED");
        }
    }

    private final Map<String, Object> document;
    private final List<Result> results;

    private BenchReport(Map<String, Object> document, List<Result> results) {
        this.document = document;
        this.results = results;
    }

    /** A report of one run on this host. */
    static BenchReport of(Map<String, Object> host, List<Map<String, Object>> devices, List<Result> results) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("host", host);
        document.put("devices", devices);
        document.put("results", results);
        return new BenchReport(document, results);
    }

    /** The reports in {@code files} (from any machines) as one. */
    static BenchReport merge(List<Path> files) throws IOException {
        List<Result> results = new ArrayList<>();
        List<Object> hosts = new ArrayList<>();
        for (Path file : files) {
            JsonNode node = JsonFiles.read(file, "bench report", JSON, JsonNode.class);
            if (!node.isObject() || !node.path("results").isArray()) {
                throw new IllegalArgumentException("bench report " + file + " is not a weightinit bench report: it has no \"results\" list");
            }
            hosts.add(node.get("host"));
            for (JsonNode r : node.get("results")) {
                try {
                    results.add(JSON.treeToValue(r, Result.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException("bench report " + file + " has a result that is not one: "
                            + e.getOriginalMessage().lines().findFirst().orElse(""), e);
                }
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("hosts", hosts);
        document.put("results", results);
        return new BenchReport(document, results);
    }

    List<Result> results() {
        return results;
    }

    boolean anyFailed() {
        return results.stream().anyMatch(Result::failed);
    }

    /** Writes bench.json, bench.csv and bench.png into {@code folder}, creating it. */
    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        JSON.writeValue(folder.resolve("bench.json").toFile(), document);
        Files.writeString(folder.resolve("bench.csv"), csv());
        BenchChart.write(results, folder.resolve("bench.png"));
    }

    void printTable(PrintWriter out) {
        printRows(out);
        if (results.stream().anyMatch(r -> r.failed() || !(r.fractionOfFill() <= 1.0))) {
            out.println(CEILING_NOTE);
        }
    }

    private void printRows(PrintWriter out) {
        String row = "%-14s %-12s %-17s %-9s %10s %-10s %10s %14s %9s %8s %8s%n";
        out.printf(Locale.ROOT, row, "host", "device", "distribution", "dtype", "elements", "status", "median ms", "samples/s",
                "GB/s", "of fill", "spread");
        for (Result r : results) {
            boolean timed = !r.failed();
            out.printf(Locale.ROOT, row, truncate(r.host(), 14), r.device(), r.distribution(), r.dtype(), r.size(), r.status(),
                    timed ? String.format(Locale.ROOT, "%.2f", r.medianSeconds() * 1e3) : "-",
                    timed ? String.format(Locale.ROOT, "%.3g", r.samplesPerSecond()) : "-",
                    timed ? String.format(Locale.ROOT, "%.2f", r.gigabytesPerSecond()) : "-",
                    timed && r.fractionOfFill() <= 1.0 ? String.format(Locale.ROOT, "%.0f%%", 100 * r.fractionOfFill()) : "-",
                    timed ? String.format(Locale.ROOT, "±%.0f%%", 50 * (r.maxSeconds() - r.minSeconds()) / r.medianSeconds()) : "-");
        }
    }

    /** Why "of fill" can be "-": printed under the table when it is. */
    static final String CEILING_NOTE = "of fill: '-' where the ceiling does not bound the figure (small tensors that stay in "
            + "caches beat the measured write ceiling), or where the figure failed";

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width);
    }

    private String csv() {
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
