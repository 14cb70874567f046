package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.ForwardingBackend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

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
    @Test
    void verificationCatchesADeviceThatIsOffByOneBit() {
        try (CpuBackend reference = new CpuBackend(2); CpuBackend inner = new CpuBackend(2)) {
            Backend offByOne = new ForwardingBackend(inner) {
                @Override
                public String id() {
                    return "broken";
                }

                @Override
                public void fill(FillSpec spec, long start, ByteBuffer dst) {
                    inner.fill(spec, start, dst);
                    int where = dst.position() + 1000;
                    dst.put(where, (byte) (dst.get(where) ^ 1));
                }
            };
            FillSpec spec = new FillSpec(1L, 2L, Distribution.NORMAL, 0f, 1f, DType.FLOAT32);
            assertFalse(BenchRunner.verify(offByOne, reference, spec));
            assertTrue(BenchRunner.verify(inner, reference, spec));
        }
    }

    /** A device that drops the high counter word (block indices past 2^32 wrap) is caught. */
    @Test
    void verificationReachesTheHighCounterWord() {
        try (CpuBackend reference = new CpuBackend(2); CpuBackend inner = new CpuBackend(2)) {
            Backend wraps = new ForwardingBackend(inner) {
                @Override
                public String id() {
                    return "wraps";
                }

                @Override
                public void fill(FillSpec spec, long start, ByteBuffer dst) {
                    // Block index mod 2^32: each run between multiples of 2^34 elements starts over.
                    long period = 1L << 34;
                    int bytes = spec.dtype().bytes();
                    long end = start + dst.remaining() / bytes;
                    for (long from = start; from < end; ) {
                        long to = Math.min(end, (from / period + 1) * period);
                        ByteBuffer run = dst.duplicate().order(dst.order());
                        run.position(dst.position() + (int) (from - start) * bytes).limit(dst.position() + (int) (to - start) * bytes);
                        inner.fill(spec, from % period, run);
                        from = to;
                    }
                }
            };
            FillSpec spec = new FillSpec(1L, 2L, Distribution.UNIFORM, 0f, 1f, DType.FLOAT32);
            assertFalse(BenchRunner.verify(wraps, reference, spec));
        }
    }
}
