package dev.weightinit.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certification proves a conformant device and catches one whose compiler fuses or approximates. */
@org.junit.jupiter.api.Tag("opencl")
class CertificationTest {
    private static OpenClDeviceInfo device;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        device = OpenClTestDevices.require();
    }

    @Test
    void aConformantDevicePassesEveryCheckAndTheVerdictIsKept() {
        try (OpenClBackend gpu = new OpenClBackend(device)) {
            Certification.Verdict verdict = Certification.run(gpu);
            assertTrue(verdict.passed(), verdict.toString());
            assertEquals("yes", verdict.summary());
            assertEquals(7 + 1 + 4 * 4, verdict.checks().size(), "7 steps, raw bits, 4 transforms x 4 dtypes");
            assertTrue(verdict.deviceKey().contains(device.driverVersion().strip())
                    && verdict.deviceKey().contains(Certification.kernelHash()), verdict.deviceKey());
            CertificateStore store = new CertificateStore(dir.resolve("sub").resolve("certificates.json"));
            assertTrue(store.get(verdict.deviceKey()).isEmpty());
            store.put(verdict);
            assertEquals("yes", store.get(verdict.deviceKey()).orElseThrow().summary());
            assertEquals(0, gpu.openTensorCount(), "certification leaves no tensor open");
            assertEquals(OpenClResources.stagingBuffers(gpu), OpenClResources.liveBuffers(gpu), "only the backend's own staging buffers remain");
            assertTrue(OpenClResources.stagingBuffers(gpu) <= 2, "at most two staging buffers: " + OpenClResources.stagingBuffers(gpu));
        }
    }

    /** Fast relaxed math (approximate division and square root, fused multiply-adds) is caught, with the input. */
    @Test
    void aCompilerThatFusesOrApproximatesIsCaughtWithTheFirstDifferingInput() {
        try (OpenClBackend gpu = new OpenClBackend(device, OpenClOptions.defaults(), StatusCheck.of(device),
                "-cl-fast-relaxed-math -cl-mad-enable")) {
            Certification.Verdict verdict = Certification.run(gpu);
            assertFalse(verdict.passed(), "relaxed math reproduced every bit: " + verdict);
            assertTrue(verdict.summary().startsWith("FAILED "), verdict.summary());
            Certification.Check failed = verdict.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow();
            assertTrue(failed.detail().contains("first m = ") || failed.detail().contains("element "), failed.detail());
        }
    }

    @Test
    void anUnreadableStoreIsEmptyAndTheKeyChangesWithTheWidth() throws Exception {
        Path file = dir.resolve("certificates.json");
        java.nio.file.Files.writeString(file, "not json");
        assertTrue(new CertificateStore(file).get("anything").isEmpty());
        assertFalse(Certification.deviceKey(device, 1).equals(Certification.deviceKey(device, 16)));
    }
}
