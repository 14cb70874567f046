package dev.weightinit.backend;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.CertificateStore;
import dev.weightinit.backend.opencl.Certification;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClException;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.backend.opencl.SignalChaining;
import dev.weightinit.engine.VectorSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Opens a backend from a device choice:
 * <ul>
 *   <li>{@code auto}: the best certified OpenCL device (a GPU first, then an accelerator, then a CPU
 *       device; see {@link Certification}), else the Java fallback. A device not yet certified is
 *       certified when {@code auto} first meets it (and the verdict kept); one that fails, or is
 *       too slow to certify within {@link #CERTIFY_BUDGET_PROPERTY} seconds (default 20), or is a
 *       simulator (Oclgrind), or cannot be opened, or would replace the JVM's signal handlers in a
 *       JVM without signal chaining (PoCL without {@code libjsig}: a library user's default), is skipped. Falling back past a device is
 *       reported once through the warning sink.</li>
 *   <li>{@code cpu}: the Java fallback on every core.</li>
 *   <li>{@code opencl}: the best OpenCL device; an error if there is none.</li>
 *   <li>{@code opencl:P:D}: device D of platform P, as {@code weightinit devices} lists them.</li>
 * </ul>
 * An explicitly chosen device that failed certification still runs, with a warning.
 * Thread-safe: stateless.
 */
public final class Devices {
    private static final Pattern OPENCL_ID = Pattern.compile("opencl:(\\d+):(\\d+)");
    /** System property: seconds {@code auto} may spend certifying one device. */
    public static final String CERTIFY_BUDGET_PROPERTY = "weightinit.certify.budget.seconds";

    private Devices() {
    }

    /**
     * Starts compiling the Java fallback's SIMD code ({@link VectorSupport#warmUpInBackground()}) when
     * {@code choice} will open the fallback: {@code cpu}, or {@code auto} on a host where no OpenCL
     * device would be used ({@link #autoChoice}). Returns at once; the check runs on a daemon thread.
     * For a command about to read a model and then make its values, so that the one-time compile
     * overlaps its start-up. Any other choice, or an unknown one, does nothing (open reports it).
     */
    public static void prepare(String choice) {
        if (!VectorSupport.usable()) {
            return;
        }
        if ("cpu".equals(choice)) {
            VectorSupport.warmUpInBackground();
            return;
        }
        if (!"auto".equals(choice)) {
            return;
        }
        Thread check = new Thread(() -> {
            try {
                if ("cpu".equals(autoChoice(OpenClPlatforms.discover(), CertificateStore.user()))) {
                    VectorSupport.warmUpInBackground();
                }
            } catch (RuntimeException | LinkageError ignored) {
                // open() reports any problem with the devices; this is only a head start
            }
        }, "weightinit-prepare");
        check.setDaemon(true);
        check.start();
    }

    /** {@link #open(String, OpenClOptions, Consumer)} with default options, warnings to stderr. */
    public static Backend open(String choice) {
        return open(choice, OpenClOptions.defaults(), message -> System.err.println("warning: " + message));
    }

    /** {@link #open(String, OpenClOptions, Consumer)} with default options. */
    public static Backend open(String choice, Consumer<String> warnings) {
        return open(choice, OpenClOptions.defaults(), warnings);
    }

    /**
     * {@link #open(String, Consumer)} where the Java fallback, if it is what opens, runs
     * {@code cpuThreads} threads rather than one per processor: a Spark task uses the cores it was
     * allotted, not the host's.
     *
     * @throws IllegalArgumentException if {@code cpuThreads < 1}, or as {@link #open(String, OpenClOptions, Consumer)}
     */
    public static Backend open(String choice, int cpuThreads, Consumer<String> warnings) {
        if (cpuThreads < 1) {
            throw new IllegalArgumentException("cpu threads " + cpuThreads + ": at least 1 is needed");
        }
        return open(choice, OpenClOptions.defaults(), warnings, () -> new CpuBackend(cpuThreads));
    }

    /**
     * @throws IllegalArgumentException if the choice is malformed or names no device
     * @throws OpenClException          if an explicitly chosen device cannot be opened
     */
    public static Backend open(String choice, OpenClOptions options, Consumer<String> warnings) {
        return open(choice, options, warnings, CpuBackend::new);
    }

    /** {@link #open(String, OpenClOptions, Consumer)} with {@code fallback} making the Java fallback where it is chosen. */
    private static Backend open(String choice, OpenClOptions options, Consumer<String> warnings, Supplier<CpuBackend> fallback) {
        if (choice == null) {
            throw new IllegalArgumentException("device is null: expected auto, cpu, opencl or opencl:P:D");
        }
        switch (choice) {
            case "cpu":
                return fallback.get();
            case "auto":
                return openAuto(OpenClPlatforms.discover(), options, warnings, OpenClBackend::new, CertificateStore.user(), fallback);
            case "opencl": {
                OpenClPlatforms.Discovery discovery = OpenClPlatforms.discover();
                OpenClDeviceInfo best = discovery.best().orElseThrow(() ->
                        new IllegalArgumentException("device 'opencl' is not available: " + discovery.problem()
                                + "; use --device cpu for the Java fallback"));
                return explicit(new OpenClBackend(best, options), warnings);
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
                return explicit(new OpenClBackend(device, options), warnings);
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

    /** An explicitly chosen device runs even if it failed certification, with a warning. */
    private static Backend explicit(OpenClBackend backend, Consumer<String> warnings) {
        String verdict = backend.certification();
        if (verdict.startsWith("FAILED")) {
            warnings.accept(backend.description() + " failed certification (" + verdict.substring("FAILED ".length())
                    + "): its values may differ from the stream spec");
        }
        return backend;
    }


    /**
     * A device {@code auto} meets, why it passes over it ({@code null}: it tries the device), and
     * whether a verdict is kept for it (one that is not is certified on first use).
     */
    record Candidate(OpenClDeviceInfo device, String skipped, boolean kept) {
    }

    /**
     * The devices {@code auto} meets, best first, simulators left out: each with the reason it is
     * passed over (its kept verdict failed, or it is PoCL-like and this JVM has no signal chaining),
     * or none. The one copy of the automatic choice, used to open a device and to say which one
     * {@code auto} would use.
     */
    static List<Candidate> autoCandidates(OpenClPlatforms.Discovery discovery, OpenClOptions options, CertificateStore store) {
        List<Candidate> candidates = new ArrayList<>();
        for (OpenClDeviceInfo device : discovery.ranked()) {
            if (device.simulator()) {
                continue;
            }
            String skipped = null;
            Optional<CertificateStore.Stored> stored = store.get(deviceKey(device, options));
            if (SignalChaining.replacesJvmHandlers(device) && !SignalChaining.active()) {
                // PoCL's LLVM replaces the JVM's signal handlers: without libjsig the JVM may crash at random.
                skipped = device.describe() + " (replaces the JVM's signal handlers and this JVM has no signal chaining: "
                        + "start it with LD_PRELOAD=$JAVA_HOME/lib/libjsig.so, as the weightinit command does, to use it)";
            } else if (stored.isPresent() && !stored.get().passed()) {
                skipped = device.describe() + " (failed certification: " + stored.get().failedCheck() + ")";
            }
            candidates.add(new Candidate(device, skipped, stored.isPresent()));
        }
        return candidates;
    }

    /**
     * The id of the device {@code auto} would use, judged from the kept verdicts without opening a
     * device (one not yet certified counts as it would be tried): an OpenCL id, or {@code cpu}.
     */
    public static String autoChoice(OpenClPlatforms.Discovery discovery, CertificateStore store) {
        return autoCandidates(discovery, OpenClOptions.defaults(), store).stream().filter(c -> c.skipped() == null)
                .map(c -> c.device().id()).findFirst().orElse("cpu");
    }

    private static String deviceKey(OpenClDeviceInfo device, OpenClOptions options) {
        return Certification.deviceKey(device, options.blocksPerWorkItem() != 0 ? options.blocksPerWorkItem()
                : OpenClBackend.defaultBlocksPerWorkItem(device));
    }

    static Backend openAuto(OpenClPlatforms.Discovery discovery, OpenClOptions options, Consumer<String> warnings,
                            DeviceOpener opener, CertificateStore store) {
        return openAuto(discovery, options, warnings, opener, store, CpuBackend::new);
    }

    private static Backend openAuto(OpenClPlatforms.Discovery discovery, OpenClOptions options, Consumer<String> warnings,
                                    DeviceOpener opener, CertificateStore store, Supplier<CpuBackend> fallback) {
        List<String> failures = new ArrayList<>();
        double seconds;
        try {
            seconds = Double.parseDouble(System.getProperty(CERTIFY_BUDGET_PROPERTY, "20"));
        } catch (NumberFormatException e) {
            warnings.accept(CERTIFY_BUDGET_PROPERTY + " is not a number of seconds; using 20");
            seconds = 20;
        }
        long budget = (long) (Math.max(0, seconds) * 1e9);
        for (Candidate candidate : autoCandidates(discovery, options, store)) {
            if (candidate.skipped() != null) {
                failures.add(candidate.skipped());
                continue;
            }
            OpenClDeviceInfo device = candidate.device();
            Backend backend;
            try {
                backend = opener.open(device, options);
            } catch (OpenClException | IllegalArgumentException e) {
                failures.add(device.describe() + " (" + e.getMessage() + ")");
                continue;
            }
            if (!candidate.kept() && backend instanceof OpenClBackend opencl) {
                String problem = certify(opencl, store, budget, warnings);
                if (problem != null) {
                    backend.close();
                    failures.add(device.describe() + " (" + problem + ")");
                    continue;
                }
            }
            if (!failures.isEmpty()) {
                warnings.accept("skipped " + String.join("; ", failures) + "; using " + backend.description());
            }
            return backend;
        }
        CpuBackend cpu = fallback.get();
        if (!failures.isEmpty()) {
            warnings.accept("no OpenCL device could be used: " + String.join("; ", failures) + "; using the " + cpu.description());
        }
        return cpu;
    }

    /** Certifies a device on first use and keeps the verdict; {@code null} when it passed, else why it is skipped. */
    private static String certify(OpenClBackend backend, CertificateStore store, long budget, Consumer<String> warnings) {
        Optional<Certification.Verdict> verdict;
        try {
            verdict = Certification.certifyAndKeep(backend, store, budget, warnings); // an unwritable cache: said once, the verdict still decides
        } catch (OpenClException e) {
            return "certification failed to run: " + e.getMessage();
        }
        if (verdict.isEmpty()) {
            return "too slow to certify within " + budget / 1e9 + " s; run 'weightinit certify' to certify it";
        }
        return verdict.get().passed() ? null : "failed certification: " + verdict.get().failedCheck();
    }
}
