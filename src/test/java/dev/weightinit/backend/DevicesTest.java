package dev.weightinit.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClException;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void autoFallsBackToJavaWithOneWarningWhenEveryDeviceFails() {
        OpenClTestDevices.require();
        OpenClPlatforms.Discovery discovery = OpenClPlatforms.discover();
        List<String> warnings = new ArrayList<>();
        Devices.DeviceOpener failing = (device, options) -> {
            throw new IllegalArgumentException("injected: device " + device.id() + " is broken");
        };
        try (Backend backend = Devices.openAuto(discovery, OpenClOptions.defaults(), warnings::add, failing)) {
            assertTrue(backend instanceof CpuBackend, backend.description());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("injected") && warnings.get(0).contains("Java fallback"), warnings.get(0));
        }
    }

    @Test
    void autoWithoutAnyDeviceIsTheJavaFallbackWithoutWarning() {
        List<String> warnings = new ArrayList<>();
        try (Backend backend = Devices.openAuto(new OpenClPlatforms.Discovery(List.of(), "none"), OpenClOptions.defaults(),
                warnings::add, (d, o) -> {
                    throw new AssertionError("no device to open");
                })) {
            assertEquals("cpu", backend.id());
            assertEquals(List.of(), warnings);
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
}
