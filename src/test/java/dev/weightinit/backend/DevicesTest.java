package dev.weightinit.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.CertificateStore;
import dev.weightinit.backend.opencl.Certification;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClException;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesTest {
    @TempDir
    Path dir;

    private CertificateStore store() {
        return new CertificateStore(dir.resolve("certificates.json"));
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void autoFallsBackToJavaWithOneWarningWhenEveryDeviceFails() {
        OpenClTestDevices.require();
        OpenClPlatforms.Discovery discovery = OpenClPlatforms.discover();
        List<String> warnings = new ArrayList<>();
        Devices.DeviceOpener failing = (device, options) -> {
            throw new IllegalArgumentException("injected: device " + device.id() + " is broken");
        };
        try (Backend backend = Devices.openAuto(discovery, OpenClOptions.defaults(), warnings::add, failing, store())) {
            assertTrue(backend instanceof CpuBackend, backend.description());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("injected") && warnings.get(0).contains("Java fallback"), warnings.get(0));
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void autoWithoutAnyDeviceIsTheJavaFallbackWithoutWarning() {
        List<String> warnings = new ArrayList<>();
        try (Backend backend = Devices.openAuto(new OpenClPlatforms.Discovery(List.of(), "none"), OpenClOptions.defaults(),
                warnings::add, (d, o) -> {
                    throw new AssertionError("no device to open");
                }, store())) {
            assertEquals("cpu", backend.id());
            assertEquals(List.of(), warnings);
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void autoCertifiesADeviceOnFirstUseKeepsTheVerdictAndUsesItThen() {
        OpenClDeviceInfo device = OpenClTestDevices.require();
        OpenClPlatforms.Discovery only = new OpenClPlatforms.Discovery(List.of(device), "");
        CertificateStore store = store();
        List<String> warnings = new ArrayList<>();
        try (Backend backend = Devices.openAuto(only, OpenClOptions.defaults(), warnings::add, OpenClBackend::new, store)) {
            assertEquals(device.id(), backend.id());
        }
        CertificateStore.Stored kept = store.get(device).orElseThrow();
        assertTrue(kept.passed(), kept.toString());
        assertEquals(List.of(), warnings);
        long started = System.nanoTime();
        try (Backend backend = Devices.openAuto(only, OpenClOptions.defaults(), warnings::add, OpenClBackend::new, store)) {
            assertEquals(device.id(), backend.id());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < kept.seconds(), "the kept verdict is used, not certified again: " + seconds + " s vs " + kept.seconds());
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void autoNeverPicksADeviceThatFailedCertificationOrASimulator() throws Exception {
        OpenClDeviceInfo device = OpenClTestDevices.require();
        Path file = dir.resolve("certificates.json");
        String key = Certification.deviceKey(device, OpenClBackend.defaultBlocksPerWorkItem(device));
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(java.util.Map.of(key,
                java.util.Map.of("passed", false, "failedCheck", "ln(x), all 2^24 inputs", "checkedAt", "2026-12-01T00:00:00Z",
                        "seconds", 1.0))));
        List<String> warnings = new ArrayList<>();
        OpenClDeviceInfo simulator = new OpenClDeviceInfo(9, 0, "Oclgrind", "Oclgrind Simulator", "University of Bristol",
                "OpenCL 1.2", "21.10", OpenClDeviceInfo.Type.GPU, 1, 1L << 30, 1L << 28, true, true, true, null, null);
        try (Backend backend = Devices.openAuto(new OpenClPlatforms.Discovery(List.of(simulator, device), ""),
                OpenClOptions.defaults(), warnings::add, (d, o) -> {
                    if (d.simulator()) {
                        throw new AssertionError("a simulator is never opened by auto");
                    }
                    return new OpenClBackend(d, o);
                }, new CertificateStore(file))) {
            assertTrue(backend instanceof CpuBackend, backend.description());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("failed certification: ln(x)"), warnings.get(0));
        }
    }

    @Test
    void badChoicesNameTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.open("gpu0"));
        assertTrue(e.getMessage().contains("'gpu0'") && e.getMessage().contains("opencl:P:D"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.open("opencl:9:9"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(OpenClException.class.getSimpleName().length() > 0);
    }

    /** A Spark task's backend runs the cores it was allotted, not the host's. */
    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void theJavaFallbackRunsTheThreadsAskedFor() {
        try (Backend one = Devices.open("cpu", 1, warning -> { }); Backend three = Devices.open("cpu", 3, warning -> { })) {
            assertEquals(1, ((dev.weightinit.backend.cpu.CpuBackend) one).threads());
            assertEquals(3, ((dev.weightinit.backend.cpu.CpuBackend) three).threads());
            assertTrue(one.description().contains("(1 thread"), one.description());
        }
        assertThrows(IllegalArgumentException.class, () -> Devices.open("cpu", 0, warning -> { }));
    }
}
