package dev.weightinit.bench;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The host and device fields of {@code bench.json}: what a reader needs to tell the machines apart. Thread-safe: stateless. */
final class BenchHost {
    private BenchHost() {
    }

    static Map<String, Object> hostDetails() {
        Map<String, Object> host = new LinkedHashMap<>();
        String name = System.getenv().getOrDefault("HOSTNAME", "host");
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException ignored) {
            // keep the environment's name
        }
        host.put("name", name);
        host.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        host.put("cpu", cpuModel());
        host.put("cores", Runtime.getRuntime().availableProcessors());
        host.put("memory_bytes", physicalMemory());
        host.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        host.put("stream_spec", dev.weightinit.engine.StreamSpec.VERSION);
        host.put("time", java.time.Instant.now().toString());
        return host;
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Map<String, Object> deviceDetails(Backend backend) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", backend.id());
        details.put("description", backend.description());
        details.put("bit_exact", backend.bitExact());
        details.put("certified", backend.certification());
        if (backend instanceof OpenClBackend device) {
            OpenClDeviceInfo info = device.info();
            details.put("type", info.type().toString());
            details.put("vendor", info.vendor().strip());
            details.put("version", info.version().strip());
            details.put("driver", info.driverVersion().strip());
            details.put("compute_units", info.computeUnits());
            details.put("global_memory_bytes", info.globalMemoryBytes());
            details.put("max_buffer_bytes", info.maxAllocationBytes());
        }
        return details;
    }
}
