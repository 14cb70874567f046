package dev.weightinit.backend.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device tests run on. Without one, tests are skipped on a developer's machine but
 * fail under {@code CI=true}: CI installs PoCL, so a missing device there is a broken setup.
 */
public final class OpenClTestDevices {
    private OpenClTestDevices() {
    }

    /** The preferred device, or a skip (locally) / failure (CI) when there is none. */
    public static OpenClDeviceInfo require() {
        OpenClPlatforms.Discovery discovery = OpenClPlatforms.discover();
        if (discovery.best().isPresent()) {
            return discovery.best().get();
        }
        String reason = "no OpenCL device: " + discovery.problem();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true requires an OpenCL device (install pocl-opencl-icd): " + reason);
        }
        Assumptions.abort(reason);
        throw new AssertionError("unreachable");
    }
}
