package dev.weightinit.core;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;

/**
 * The backend the convenience methods use: {@code auto} (best OpenCL device, else the Java
 * fallback), opened on first use and closed at JVM exit. Thread-safe.
 */
public final class DefaultBackend {
    private static volatile Backend backend;

    private DefaultBackend() {
    }

    public static Backend get() {
        Backend current = backend;
        if (current == null) {
            synchronized (DefaultBackend.class) {
                current = backend;
                if (current == null) {
                    current = Devices.open("auto");
                    Backend opened = current;
                    Runtime.getRuntime().addShutdownHook(new Thread(opened::close, "weightinit-default-backend-close"));
                    backend = current;
                }
            }
        }
        return current;
    }
}
