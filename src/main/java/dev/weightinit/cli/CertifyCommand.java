package dev.weightinit.cli;

import dev.weightinit.backend.opencl.CertificateStore;
import dev.weightinit.backend.opencl.Certification;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weightinit certify}: proves OpenCL devices reproduce the stream spec, and keeps the verdicts. */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"Prove that OpenCL devices reproduce the stream spec bit for bit: every step of its section 3 on all "
                + "2^24 inputs each can get, then scaling and rounding of every transform and dtype, against the Java reference.",
            "Prints each check with the first differing input, and keeps the verdict per platform, device, driver and kernel "
                + "version in the user's cache ($XDG_CACHE_HOME/weightinit, else ~/.cache/weightinit); 'devices' shows it and "
                + "'auto' uses only certified devices. Exit status 1 when a device fails."})
final class CertifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", defaultValue = "all", paramLabel = "ID",
            description = "all (every OpenCL device, simulators included), or opencl:P:D. Default: ${DEFAULT-VALUE}.")
    String device;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<OpenClDeviceInfo> devices = OpenClPlatforms.discover().devices();
        List<OpenClDeviceInfo> chosen = new ArrayList<>();
        for (OpenClDeviceInfo info : devices) {
            if (device.equals("all") || info.id().equals(device)) {
                chosen.add(info);
            }
        }
        if (chosen.isEmpty()) {
            if (device.equals("all")) {
                out.println("certify: no OpenCL device (the Java fallback is the reference arithmetic itself)");
                return 0;
            }
            throw new IllegalArgumentException("device '" + device + "' does not exist: expected all or one of "
                    + (devices.isEmpty() ? "none (no OpenCL device)" : devices.stream().map(OpenClDeviceInfo::id)
                    .collect(Collectors.joining(", "))));
        }
        CertificateStore store = CertificateStore.user();
        boolean allPassed = true;
        for (OpenClDeviceInfo info : chosen) {
            try (OpenClBackend backend = new OpenClBackend(info)) {
                out.println("certify: " + backend.description());
                Certification.Verdict verdict = Certification.certifyAndKeep(backend, store, Long.MAX_VALUE,
                        warning -> spec.commandLine().getErr().println("warning: " + warning)).orElseThrow();
                for (Certification.Check check : verdict.checks()) {
                    out.println(check.passed() ? "  pass " + check.name() : "  FAIL " + check.name() + ": " + check.detail());
                }
                out.printf(Locale.ROOT, "%s certified: %s (%.1f s)%n", info.id(), verdict.summary(), verdict.seconds());
                allPassed &= verdict.passed();
            }
        }
        out.println("certify: verdicts kept in " + store.file());
        return allPassed ? 0 : 1;
    }
}
