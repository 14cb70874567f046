package dev.weightinit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result (ms per fill of {@code size} elements) into a Markdown table of
 * samples/s, the median over measurement iterations, with the range, the OpenCL kernel-time rate
 * where the benchmark records one, and ratios to {@code PeerBenchmark.arraysFill} and to
 * {@code PeerBenchmark.zigguratL64X128Mix} of the same size from the same run.
 */
public final class RatesReport {
    private RatesReport() {
    }

    record Row(String name, long size, double median, double min, double max, double kernel) {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        List<Row> rows = new ArrayList<>();
        Map<Long, Double> fill = new HashMap<>();
        Map<Long, Double> ziggurat = new HashMap<>();
        for (JsonNode result : results) {
            String name = result.get("benchmark").asText().replace("dev.weightinit.benchmarks.", "");
            JsonNode params = result.path("params");
            long size = params.path("size").asLong();
            StringBuilder label = new StringBuilder(name);
            params.fields().forEachRemaining(p -> {
                if (!p.getKey().equals("size")) {
                    label.append(' ').append(p.getKey()).append('=').append(p.getValue().asText());
                }
            });
            List<Double> millis = new ArrayList<>();
            result.path("primaryMetric").path("rawData").forEach(fork -> fork.forEach(v -> millis.add(v.asDouble())));
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            JsonNode secondary = result.path("secondaryMetrics");
            double kernel = Double.NaN;
            if (secondary.has("kernelNanos") && secondary.path("launches").path("score").asDouble() > 0) {
                double nanosPerLaunch = secondary.get("kernelNanos").get("score").asDouble() / secondary.get("launches").get("score").asDouble();
                kernel = size / (nanosPerLaunch / 1e9);
            }
            Row row = new Row(label.toString(), size, size / (median / 1000), size / (sorted[sorted.length - 1] / 1000),
                    size / (sorted[0] / 1000), kernel);
            rows.add(row);
            if (name.equals("PeerBenchmark.arraysFill")) {
                fill.put(size, row.median());
            }
            if (name.equals("PeerBenchmark.zigguratL64X128Mix")) {
                ziggurat.put(size, row.median());
            }
        }
        System.out.println("| benchmark | elements | samples/s (median) | range | kernel samples/s | × Arrays.fill | × Ziggurat L64_X128_MIX |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.3g | %.3g–%.3g | %s | %s | %s |%n", row.name(), row.size(), row.median(),
                    row.min(), row.max(), Double.isNaN(row.kernel()) ? "" : String.format(Locale.ROOT, "%.3g", row.kernel()),
                    ratio(row.median(), fill.get(row.size())), ratio(row.median(), ziggurat.get(row.size())));
        }
    }

    private static String ratio(double value, Double reference) {
        return reference == null ? "–" : String.format(Locale.ROOT, "%.3f", value / reference);
    }
}
