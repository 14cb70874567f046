package dev.weightinit.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a JMH JSON result (ms per fill of {@code size} elements) into a Markdown table of
 * samples/s, the median over measurement iterations, with each row's ratio to
 * {@code PeerBenchmark.arraysFill} of the same size from the same run.
 */
public final class RatesReport {
    private RatesReport() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        record Row(String name, long size, double samplesPerSecond, double min, double max) {
        }
        List<Row> rows = new ArrayList<>();
        Map<Long, Double> ceiling = new TreeMap<>();
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
            Row row = new Row(label.toString(), size, size / (median / 1000), size / (sorted[sorted.length - 1] / 1000),
                    size / (sorted[0] / 1000));
            rows.add(row);
            if (name.equals("PeerBenchmark.arraysFill")) {
                ceiling.put(size, row.samplesPerSecond());
            }
        }
        System.out.println("| benchmark | elements | samples/s (median) | range | × Arrays.fill |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Row row : rows) {
            Double fill = ceiling.get(row.size());
            System.out.printf("| %s | %d | %.3g | %.3g–%.3g | %s |%n", row.name(), row.size(), row.samplesPerSecond(),
                    row.min(), row.max(), fill == null ? "–" : String.format("%.3f", row.samplesPerSecond() / fill));
        }
    }
}
