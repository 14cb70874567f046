package dev.weightinit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.cli.CliRunner;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The hardware-comparison report: device ceilings, what bounds each figure, size ranges, one page across machines. */
class BenchReportTest {
    @TempDir
    Path dir;

    @Test
    void sizeRangesAndTheirBadInputs() {
        assertEquals(List.of(1048576L, 2097152L, 4194304L), BenchSizes.parse("1M..4M"));
        assertEquals(List.of(1536L, 65536L, 1L << 30), BenchSizes.parse("1536, 64K,1G"));
        assertEquals(List.of(1000L, 2000L, 4000L), BenchSizes.parse("1000..5000"));
        for (String bad : new String[] {"4M..1M", "1x", "0", "..", "1M..", "-5", "", "1M,,2M", "99999999999999999999", "9000000000G"}) {
            assertThrows(IllegalArgumentException.class, () -> BenchSizes.parse(bad), bad);
            CliRunner run = CliRunner.run("bench", "--device", "cpu", "--sizes", bad);
            assertEquals(2, run.status(), bad + ": " + run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().strip().lines().count() == 1, run.err());
        }
    }

    @Test
    void reportsCarryTheirBoundsMergeIntoOneParsablePageAndRefuseLaterVersions() throws Exception {
        Path a = dir.resolve("a");
        CliRunner run = CliRunner.run("bench", "--sizes", "64K..128K", "--distributions", "uniform", "--dtype", "float32", "--repeats", "3",
                "--budget", "0", "--report", a.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(a.resolve("bench.json").toFile());
        assertEquals("weightinit-bench", json.get("format").asText());
        assertEquals(2, json.get("version").asInt());
        assertEquals(List.of("--sizes", "64K..128K"), List.of(json.get("command").get(0).asText(), json.get("command").get(1).asText()));
        for (JsonNode r : json.get("results")) {
            assertTrue(r.get("ceilingBytesPerSecond").asDouble() > 0 && !r.get("ceiling").asText().isEmpty(), r.toString());
            assertTrue(r.get("rawSamplesPerSecond").asDouble() > 0, r.toString());
            assertTrue(r.get("computeUnits").asInt() >= 1 && r.get("runs").asInt() >= 3, r.toString());
            assertTrue(r.get("ciLowSeconds").asDouble() <= r.get("medianSeconds").asDouble()
                    && r.get("medianSeconds").asDouble() <= r.get("ciHighSeconds").asDouble(), r.toString());
        }
        assertTrue(run.out().contains("of write") && run.out().contains("ceiling write kernel"), run.out());
        Path b = dir.resolve("b.json");
        Files.copy(a.resolve("bench.json"), b);
        Path merged = dir.resolve("merged");
        assertEquals(0, CliRunner.run("bench", "--compare", a.resolve("bench.json").toString(), b.toString(), "--report",
                merged.toString()).status());
        String html = Files.readString(merged.resolve("bench.html"));
        Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(merged.resolve("bench.html").toFile());
        assertEquals("html", page.getDocumentElement().getLocalName() == null ? page.getDocumentElement().getTagName()
                : page.getDocumentElement().getLocalName());
        for (JsonNode device : json.get("devices")) {
            assertTrue(html.contains(BenchHtml.text(device.get("id").asText() + " " + device.get("description").asText())), device.toString());
        }
        for (JsonNode r : json.get("results")) {
            assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%.4g", r.get("size").asLong() / r.get("medianSeconds").asDouble())),
                    "every figure on the page: " + r);
        }
        assertTrue(html.contains("weightinit bench --sizes 64K..128K"), "the command lines");
        assertTrue(html.contains("data:image/png;base64,"), "charts embedded");
        assertTrue(Files.size(merged.resolve("bench-sizes.png")) > 1000);
        Files.writeString(dir.resolve("future.json"), "{\"format\": \"weightinit-bench\", \"version\": 9, \"results\": []}");
        CliRunner future = CliRunner.run("bench", "--compare", dir.resolve("future.json").toString());
        assertEquals(2, future.status());
        assertTrue(future.err().contains("version 9") && future.err().contains("versions 1 to 2"), future.err());
        Files.writeString(dir.resolve("v1.json"), "{\"host\": {\"name\": \"old\"}, \"results\": [{\"host\": \"old\", \"device\": \"cpu\", "
                + "\"description\": \"d\", \"distribution\": \"normal\", \"dtype\": \"float32\", \"size\": 10, \"status\": \"OK\", "
                + "\"medianSeconds\": 1.0, \"minSeconds\": 1.0, \"maxSeconds\": 1.0, \"kernelSeconds\": 1.0, \"fillBandwidth\": 5.0}]}");
        CliRunner old = CliRunner.run("bench", "--compare", dir.resolve("v1.json").toString());
        assertEquals(0, old.status(), old.err());
        assertFalse(old.out().isBlank());
    }

    @Test
    void theMediansIntervalIsOrderStatistics() {
        List<Double> values = List.of(5.0, 1.0, 3.0, 2.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0);
        assertEquals(6.0, Statistics.median(values));
        double[] ci = Statistics.medianInterval(values);
        // n = 11: ranks floor(5.5 - 3.25) = 2 and ceil(5.5 + 3.25) - 1 = 8 (0-based): values 3 and 9.
        assertEquals(3.0, ci[0]);
        assertEquals(9.0, ci[1]);
    }
}
