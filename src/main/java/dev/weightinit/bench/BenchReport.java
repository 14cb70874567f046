package dev.weightinit.bench;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.weightinit.backend.Backend;
import dev.weightinit.engine.DType;
import dev.weightinit.io.AtomicOutputFile;
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
 * What {@code bench} measured, and its outputs: the table on stdout, {@code bench.json} (format
 * {@value #FORMAT} version {@value #VERSION}, documented in docs/benchmarking.md; host, devices, command and
 * results, so reports from several machines merge), {@code bench.csv}, {@code bench.png} (rates),
 * {@code bench-sizes.png} (rate against size) and {@code bench.html} (all of it on one self-contained
 * page). Not thread-safe.
 */
final class BenchReport {
    static final String FORMAT = "weightinit-bench";
    static final int VERSION = 2;
    /** Figures whose median's 95% interval is wider than this, or whose spread is over 10%, are flagged. */
    static final double NOISY_HALF_WIDTH = 0.03;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One measured (device, distribution, dtype, size). Rates in bytes or samples per second;
     * {@code ceilingBytesPerSecond} is the device's best write (its write kernels, or the best Java
     * store loop), named by {@code ceiling}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(String host, String device, String description, String distribution, String dtype, long size, String status,
                  double medianSeconds, double minSeconds, double maxSeconds, double kernelSeconds,
                  double ceilingBytesPerSecond, String ceiling, @JsonAlias("fillBandwidth") double driverFillBytesPerSecond,
                  double readBackBytesPerSecond, double rawSamplesPerSecond, int computeUnits, double ciLowSeconds,
                  double ciHighSeconds, int runs) {

        static Result failed(String host, Backend backend, String distribution, String dtype, long size) {
            return new Result(host, backend.id(), backend.description(), distribution, dtype, size, "FAILED", Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, "", Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, 0);
        }

        double samplesPerSecond() {
            return size / medianSeconds;
        }

        double gigabytesPerSecond() {
            return size * (double) DType.parse(dtype).bytes() / medianSeconds / 1e9;
        }

        /** The figure over the device's best write: above 1 only where caches beat the measured ceiling. */
        double fractionOfCeiling() {
            return ceilingBytesPerSecond > 0 ? gigabytesPerSecond() * 1e9 / ceilingBytesPerSecond : Double.NaN;
        }

        /** The figure over raw Philox on the same device: near 1 means RNG-bound, far below it transform-bound. */
        double fractionOfRaw() {
            return rawSamplesPerSecond > 0 ? samplesPerSecond() / rawSamplesPerSecond : Double.NaN;
        }

        /** Nanoseconds per sample per compute unit (core), so that devices of different widths compare. */
        double nanosPerSamplePerUnit() {
            return computeUnits > 0 ? medianSeconds * 1e9 / size * computeUnits : Double.NaN;
        }

        /** Half the width of the median's 95% interval, relative to the median. */
        double relativeHalfWidth() {
            return (ciHighSeconds - ciLowSeconds) / 2 / medianSeconds;
        }

        boolean noisy() {
            return relativeHalfWidth() > NOISY_HALF_WIDTH || (maxSeconds - minSeconds) / 2 / medianSeconds > 0.10;
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
    static BenchReport of(Map<String, Object> host, List<Map<String, Object>> devices, List<String> command, List<Result> results) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("version", VERSION);
        document.put("command", command);
        document.put("host", host);
        document.put("devices", devices);
        document.put("results", results);
        return new BenchReport(document, results);
    }

    /**
     * The reports in {@code files} (from any machines) as one. Reports of version 1 (no
     * {@code version}) are read, their missing figures empty.
     *
     * @throws IllegalArgumentException for a file that is not a bench report, or of a later version
     */
    static BenchReport merge(List<Path> files) throws IOException {
        List<Result> results = new ArrayList<>();
        List<Object> reports = new ArrayList<>();
        List<Object> hosts = new ArrayList<>();
        for (Path file : files) {
            JsonNode node = JsonFiles.read(file, "bench report", JSON, JsonNode.class);
            if (!node.isObject() || !node.path("results").isArray()) {
                throw new IllegalArgumentException("bench report " + file + " is not a weightinit bench report: it has no \"results\" list");
            }
            int version = node.path("version").asInt(1);
            if (version > VERSION || node.has("format") && !FORMAT.equals(node.get("format").asText())) {
                throw new IllegalArgumentException("bench report " + file + " is " + node.path("format").asText(FORMAT) + " version "
                        + version + ": this weightinit reads versions 1 to " + VERSION);
            }
            if (node.has("reports")) {
                node.get("reports").forEach(reports::add);
                node.get("reports").forEach(r -> hosts.add(r.get("host")));
            } else {
                hosts.add(node.get("host"));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("file", file.toString());
                entry.put("version", version);
                entry.put("command", node.get("command"));
                entry.put("host", node.get("host"));
                entry.put("devices", node.get("devices"));
                reports.add(entry);
            }
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
        document.put("format", FORMAT);
        document.put("version", VERSION);
        document.put("hosts", hosts);
        document.put("reports", reports);
        document.put("results", results);
        return new BenchReport(document, results);
    }

    List<Result> results() {
        return results;
    }

    Map<String, Object> document() {
        return document;
    }

    boolean anyFailed() {
        return results.stream().anyMatch(Result::failed);
    }

    /** Writes bench.json, bench.csv, bench.png, bench-sizes.png and bench.html into {@code folder}, creating it. */
    /** Writes every report file, each atomically (whole or not at all): charts first, the page that embeds them last. */
    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        byte[] rates = BenchChart.ratesPng(results);
        byte[] sizes = BenchChart.sizesPng(results);
        AtomicOutputFile.write(folder.resolve("bench.json"), JSON.writeValueAsBytes(document));
        AtomicOutputFile.write(folder.resolve("bench.csv"), csv().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicOutputFile.write(folder.resolve("bench.png"), rates);
        AtomicOutputFile.write(folder.resolve("bench-sizes.png"), sizes);
        AtomicOutputFile.write(folder.resolve("bench.html"), BenchHtml.page(this, rates, sizes).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Why "of write" can be "-": printed under the table when it is. */
    static final String CEILING_NOTE = "of write: the figure over the device's best write (its write kernels; the best Java store "
            + "loop for cpu); '-' where it does not bound the figure (small tensors that stay in caches) or the figure failed. "
            + "of raw: over raw Philox on the same device. '*': the median's 95% interval is wider than ±3% or the spread over 10%.";

    void printTable(PrintWriter out) {
        String row = "%-14s %-12s %-17s %-9s %11s %-8s %10s %7s %12s %8s %9s %7s %8s%n";
        out.printf(Locale.ROOT, row, "host", "device", "distribution", "dtype", "elements", "status", "median ms", "±95%",
                "samples/s", "GB/s", "of write", "of raw", "ns·CU");
        for (Result r : results) {
            boolean timed = !r.failed();
            out.printf(Locale.ROOT, row, truncate(r.host(), 14), r.device(), r.distribution(), r.dtype(), r.size(),
                    r.status().length() > 8 ? r.status().substring(0, 8) : r.status(),
                    timed ? String.format(Locale.ROOT, "%.2f", r.medianSeconds() * 1e3) : "-",
                    timed && !Double.isNaN(r.relativeHalfWidth()) ? String.format(Locale.ROOT, "%.1f%%%s", 100 * r.relativeHalfWidth(),
                            r.noisy() ? "*" : "") : "-",
                    timed ? String.format(Locale.ROOT, "%.3g", r.samplesPerSecond()) : "-",
                    timed ? String.format(Locale.ROOT, "%.2f", r.gigabytesPerSecond()) : "-",
                    timed && r.fractionOfCeiling() <= 1.0 ? String.format(Locale.ROOT, "%.0f%%", 100 * r.fractionOfCeiling()) : "-",
                    timed && !Double.isNaN(r.fractionOfRaw()) ? String.format(Locale.ROOT, "%.0f%%", 100 * r.fractionOfRaw()) : "-",
                    timed && !Double.isNaN(r.nanosPerSamplePerUnit()) ? String.format(Locale.ROOT, "%.2f", r.nanosPerSamplePerUnit()) : "-");
        }
        out.println(CEILING_NOTE);
        results.stream().filter(r -> !r.failed() && r.ceiling() != null && !r.ceiling().isEmpty())
                .map(r -> r.device() + ": ceiling " + r.ceiling()).distinct().forEach(out::println);
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width);
    }

    private String csv() {
        StringBuilder csv = new StringBuilder("host,device,description,distribution,dtype,elements,status,median_s,min_s,max_s,"
                + "ci95_low_s,ci95_high_s,runs,kernel_s,samples_per_s,gb_per_s,ceiling,ceiling_bytes_per_s,fraction_of_ceiling,"
                + "driver_fill_bytes_per_s,read_back_bytes_per_s,raw_samples_per_s,fraction_of_raw,compute_units,ns_per_sample_per_unit\n");
        for (Result r : results) {
            csv.append(String.join(",", quote(r.host()), r.device(), quote(r.description()), r.distribution(), r.dtype(),
                    Long.toString(r.size()), r.status(), num(r.medianSeconds()), num(r.minSeconds()), num(r.maxSeconds()),
                    num(r.ciLowSeconds()), num(r.ciHighSeconds()), Integer.toString(r.runs()), num(r.kernelSeconds()),
                    num(r.samplesPerSecond()), num(r.gigabytesPerSecond()), quote(String.valueOf(r.ceiling())),
                    num(r.ceilingBytesPerSecond()), num(r.fractionOfCeiling()), num(r.driverFillBytesPerSecond()),
                    num(r.readBackBytesPerSecond()), num(r.rawSamplesPerSecond()), num(r.fractionOfRaw()),
                    Integer.toString(r.computeUnits()), num(r.nanosPerSamplePerUnit()))).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    static String num(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
    }
}
