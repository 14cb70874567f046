package dev.weightinit.cli;

import dev.weightinit.backend.Devices;
import dev.weightinit.backend.opencl.CertificateStore;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.VectorSupport;
import dev.weightinit.io.Format;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the OpenCL devices and the Java fallback. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List each OpenCL platform and device, and the Java fallback; the ids are --device values.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OpenClPlatforms.Discovery discovery = OpenClPlatforms.discover();
        CertificateStore store = CertificateStore.user();
        out.printf("%-12s %-6s %-44s %10s %10s %5s %5s %9s %s%n", "id", "type", "device (platform)", "memory", "max buffer",
                "fp16", "fp64", "bit-exact", "certified");
        for (OpenClDeviceInfo d : discovery.devices()) {
            String certified = d.simulator() ? "simulator" : store.get(d).map(CertificateStore.Stored::summary).orElse("not yet");
            out.printf("%-12s %-6s %-44s %10s %10s %5s %5s %9s %s%n", d.id(), d.type(), truncate(d.name().strip() + " ("
                    + d.platformName().strip() + ")", 44), Format.bytes(d.globalMemoryBytes()), Format.bytes(d.maxAllocationBytes()),
                    yes(d.fp16()), yes(d.fp64()), yes(d.bitExact()), certified);
            out.printf("%-12s %-6s   %s; %s; %d compute units%n", "", "", d.vendor().strip(), d.version().strip(), d.computeUnits());
        }
        if (discovery.devices().isEmpty()) {
            out.println("(no OpenCL device: " + discovery.problem() + ")");
        }
        out.printf("%-12s %-6s %-44s %10s %10s %5s %5s %9s %s%n", "cpu", "JAVA", "Java fallback (" + Runtime.getRuntime().availableProcessors()
                + " threads)", Format.bytes(Runtime.getRuntime().maxMemory()), "-", "yes", "yes", "yes", "yes (the reference)");
        out.printf("%-12s %-6s   %s%n", "", "", VectorSupport.describe());
        out.println("auto chooses: " + Devices.autoChoice(discovery, store)
                + " (the first certified device; one not yet certified is certified when auto first uses it)");
        return 0;
    }

    private static String yes(boolean flag) {
        return flag ? "yes" : "no";
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
