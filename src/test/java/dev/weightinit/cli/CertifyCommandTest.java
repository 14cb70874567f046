package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.backend.opencl.CertificateStore;
import dev.weightinit.backend.opencl.Certification;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certify, the devices column, provenance in files, and bench's refusal of a failing device. Each test has its own cache. */
class CertifyCommandTest {
    @TempDir
    Path dir;

    private String previousCache;

    @BeforeEach
    void ownCache() {
        previousCache = System.getProperty(CertificateStore.CACHE_PROPERTY);
        System.setProperty(CertificateStore.CACHE_PROPERTY, dir.resolve("cache").toString());
    }

    @AfterEach
    void restoreCache() {
        if (previousCache == null) {
            System.clearProperty(CertificateStore.CACHE_PROPERTY);
        } else {
            System.setProperty(CertificateStore.CACHE_PROPERTY, previousCache);
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void certifyPrintsEveryCheckKeepsTheVerdictAndDevicesShowsIt() {
        OpenClDeviceInfo device = OpenClTestDevices.require();
        CliRunner before = CliRunner.run("devices");
        assertTrue(before.out().contains("certified") && before.out().contains("not yet"), before.out());
        CliRunner run = CliRunner.run("certify", "--device", device.id());
        assertEquals(0, run.status(), run.out() + run.err());
        assertTrue(run.out().contains("pass normal radius, all 2^24 inputs"), run.out());
        assertTrue(run.out().contains("pass bfloat16") || run.out().contains("bfloat16 scaling and rounding"), run.out());
        assertTrue(run.out().contains(device.id() + " certified: yes"), run.out());
        assertTrue(CertificateStore.user().get(device).orElseThrow().passed());
        CliRunner after = CliRunner.run("devices");
        assertTrue(after.out().lines().anyMatch(l -> l.startsWith(device.id()) && l.strip().endsWith("yes")), after.out());
        assertEquals(2, CliRunner.run("certify", "--device", "opencl:9:9").status());
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void initPrintsTheDeviceAndItsCertificationAndTheFileRecordsNeither() throws Exception {
        OpenClDeviceInfo device = OpenClTestDevices.require();
        Path out = dir.resolve("m.safetensors");
        CliRunner run = CliRunner.run("init", "--preset", "mlp-small", "--seed", "1", "--device", device.id(), "--progress", "none",
                "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("(certified: not certified)"), run.out());
        assertEquals(0, CliRunner.run("certify", "--device", device.id()).status());
        run = CliRunner.run("init", "--preset", "mlp-small", "--seed", "1", "--device", device.id(), "--progress", "none",
                "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("device " + device.id()) && run.out().contains("(certified: yes)"), run.out());
        JsonNode metadata = header(out).get("__metadata__");
        assertTrue(!metadata.has("certified") && !metadata.has("device"), "the file is a function of the model alone: " + metadata);
        assertEquals("1", metadata.get("stream_spec").asText());
        CliRunner json = CliRunner.run("init", "--preset", "mlp-small", "--seed", "1", "--device", device.id(), "--progress", "none",
                "--json", "--out", out.toString());
        JsonNode result = new ObjectMapper().readTree(json.out());
        assertEquals("yes", result.get("certified").asText(), json.out());
        assertTrue(result.get("device").asText().startsWith(device.id()), json.out());
        Path npy = dir.resolve("w.npy");
        CliRunner generate = CliRunner.run("generate", "--initializer", "he_normal", "--shape", "8,8", "--device", "cpu",
                "--out", npy.toString());
        assertTrue(generate.err().contains("stream spec 1") && generate.err().contains("(certified: yes)"), generate.err());
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void benchAndAnExplicitDeviceTreatAFailedVerdictAsSuch() throws Exception {
        OpenClDeviceInfo device = OpenClTestDevices.require();
        Path file = CertificateStore.user().file();
        Files.createDirectories(file.getParent());
        String key = Certification.deviceKey(device, OpenClBackend.defaultBlocksPerWorkItem(device));
        Files.writeString(file, new ObjectMapper().writeValueAsString(Map.of(key, Map.of("passed", false,
                "failedCheck", "sin(2 pi t), all 2^24 inputs", "checkedAt", "2026-12-01T00:00:00Z", "seconds", 1.0))));
        CliRunner bench = CliRunner.run("bench", "--device", device.id(), "--sizes", "4096", "--distributions", "uniform",
                "--dtype", "float32", "--repeats", "1", "--warmup", "0");
        assertEquals(1, bench.status(), bench.out() + bench.err());
        assertTrue(bench.out().contains("FAILED") && bench.err().contains("failed certification (sin(2 pi t)"), bench.err());
        CliRunner generate = CliRunner.run("generate", "--initializer", "ones", "--shape", "4", "--device", device.id(),
                "--out", dir.resolve("o.npy").toString());
        assertEquals(0, generate.status(), generate.err());
        assertTrue(generate.err().contains("warning: ") && generate.err().contains("failed certification"), generate.err());
        CliRunner auto = CliRunner.run("generate", "--initializer", "ones", "--shape", "4", "--out", dir.resolve("a.npy").toString());
        assertTrue(auto.err().contains(" on cpu "), "auto skips the failed device: " + auto.err());
    }

    private static JsonNode header(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new ObjectMapper().readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8));
    }
}
