package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.engine.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void benchVerifiesTimesAndWritesJsonCsvAndChart() throws Exception {
        OpenClTestDevices.require();
        Path report = dir.resolve("report");
        CliRunner run = CliRunner.run("bench", "--sizes", "65536", "--distributions", "normal,uniform", "--dtype", "float32",
                "--warmup", "1", "--repeats", "2", "--report", report.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(report.resolve("bench.json").toFile());
        assertTrue(json.get("host").get("cores").asInt() >= 1);
        assertEquals(2 * json.get("devices").size(), json.get("results").size());
        assertTrue(json.get("devices").size() >= 2, "the Java fallback and the OpenCL device");
        for (JsonNode result : json.get("results")) {
            assertTrue(result.get("status").asText().startsWith("OK"), result.toString());
            assertTrue(result.get("medianSeconds").asDouble() > 0, result.toString());
        }
        assertTrue(Files.readString(report.resolve("bench.csv")).lines().count() == 1 + json.get("results").size());
        byte[] png = Files.readAllBytes(report.resolve("bench.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(run.out().contains("samples/s"), run.out());

        Path merged = dir.resolve("merged");
        CliRunner compare = CliRunner.run("bench", "--compare", report.resolve("bench.json").toString(),
                report.resolve("bench.json").toString(), "--report", merged.toString());
        assertEquals(0, compare.status(), compare.err());
        JsonNode mergedJson = new ObjectMapper().readTree(merged.resolve("bench.json").toFile());
        assertEquals(2 * json.get("results").size(), mergedJson.get("results").size());
        assertEquals(2, mergedJson.get("hosts").size());
    }

    /** A device whose output differs from the Java reference in one bit is caught. */
}
