package dev.weightinit.backend;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClException;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Opens a backend from a device choice:
 * <ul>
 *   <li>{@code auto}: the best OpenCL device (a GPU first, then an accelerator, then a CPU device),
 *       the next one if it cannot be opened, else the Java fallback. Falling back past a device
 *       that exists but fails is reported once through the warning sink.</li>
 *   <li>{@code cpu}: the Java fallback on every core.</li>
 *   <li>{@code opencl}: the best OpenCL device; an error if there is none.</li>
 *   <li>{@code opencl:P:D}: device D of platform P, as {@code weightinit devices} lists them.</li>
 * </ul>
 * Thread-safe: stateless.
 */
public final class Devices {
    private static final Pattern OPENCL_ID = Pattern.compile("opencl:(\\d+):(\\d+)");

    private Devices() {
    }

    /** {@link #open(String, OpenClOptions, Consumer)} with default options, warnings to stderr. */
    public static Backend open(String choice) {
        return open(choice, OpenClOptions.defaults(), message -> System.err.println("warning: " + message));
    }

    /**
     * @throws IllegalArgumentException if the choice is malformed or names no device
     * @throws OpenClException          if an explicitly chosen device cannot be opened
     */
    public static Backend open(String choice, OpenClOptions options, Consumer<String> warnings) {
        if (choice == null) {
            throw new IllegalArgumentException("device is null: expected auto, cpu, opencl or opencl:P:D");
        }
        switch (choice) {
            case "cpu":
                return new CpuBackend();
            case "auto":
                return openAuto(options, warnings);
            case "opencl": {
                OpenClPlatforms.Discovery discovery = OpenClPlatforms.discover();
                OpenClDeviceInfo best = discovery.best().orElseThrow(() ->
                        new IllegalArgumentException("device 'opencl' is not available: " + discovery.problem()
                                + "; use --device cpu for the Java fallback"));
                return new OpenClBackend(best, options);
            }
            default:
                break;
        }
        Matcher matcher = OPENCL_ID.matcher(choice);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("device '" + choice + "' is not valid: expected auto, cpu, opencl or opencl:P:D");
        }
        List<OpenClDeviceInfo> devices = OpenClPlatforms.discover().devices();
        for (OpenClDeviceInfo device : devices) {
            if (device.id().equals(choice)) {
                return new OpenClBackend(device, options);
            }
        }
        throw new IllegalArgumentException("device '" + choice + "' does not exist: available are "
                + (devices.isEmpty() ? "none (no OpenCL device)" : devices.stream().map(OpenClDeviceInfo::id).collect(Collectors.joining(", "))));
    }

    /** Opens one OpenCL device; a seam for tests that make devices fail. */
    @FunctionalInterface
    interface DeviceOpener {
        Backend open(OpenClDeviceInfo device, OpenClOptions options);
    }

    private static Backend openAuto(OpenClOptions options, Consumer<String> warnings) {
        return openAuto(OpenClPlatforms.discover(), options, warnings, OpenClBackend::new);
    }

    static Backend openAuto(OpenClPlatforms.Discovery discovery, OpenClOptions options, Consumer<String> warnings,
                            DeviceOpener opener) {
        List<String> failures = new ArrayList<>();
        for (OpenClDeviceInfo device : discovery.ranked()) {
            try {
                Backend backend = opener.open(device, options);
                if (!failures.isEmpty()) {
                    warnings.accept("skipped " + String.join("; ", failures) + "; using " + backend.description());
                }
                return backend;
            } catch (OpenClException | IllegalArgumentException e) {
                failures.add(device.describe() + " (" + e.getMessage() + ")");
            }
        }
        CpuBackend cpu = new CpuBackend();
        if (!failures.isEmpty()) {
            warnings.accept("no OpenCL device could be opened: " + String.join("; ", failures) + "; using the " + cpu.description());
        }
        return cpu;
    }
}
