package dev.weightinit.backend.opencl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * HotSpot's signal chaining ({@code libjsig}). OpenCL runtimes that compile kernels with LLVM in
 * the process (PoCL) install their own SIGSEGV, SIGBUS, SIGILL and SIGFPE handlers when the first
 * program is built, replacing the JVM's. HotSpot raises those signals on purpose (safepoint polls,
 * implicit null checks), so such a JVM later dies with "Segmentation fault" and no error report.
 * With {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} the JVM keeps its handlers and chains the
 * runtime's behind them.
 */
public final class SignalChaining {
    private SignalChaining() {
    }

    /** Whether this JVM was started with libjsig preloaded. */
    public static boolean active() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libjsig");
    }

    /** The running JDK's libjsig, where it has one (Linux). */
    public static Optional<Path> library() {
        Path path = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** Whether this device's OpenCL runtime is known to replace the JVM's signal handlers. */
    public static boolean replacesJvmHandlers(OpenClDeviceInfo device) {
        return device.platformName().contains("Portable Computing Language");
    }
}
