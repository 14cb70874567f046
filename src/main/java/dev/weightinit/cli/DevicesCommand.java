package dev.weightinit.cli;

import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.engine.VectorSupport;
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
        String auto = discovery.best().map(OpenClDeviceInfo::id).orElse("cpu");
        out.printf("%-12s %-6s %-44s %10s %10s %5s %5s %9s%n", "id", "type", "device (platform)", "memory", "max buffer",
                "fp16", "fp64", "bit-exact");
        for (OpenClDeviceInfo d : discovery.devices()) {
            out.printf("%-12s %-6s %-44s %10s %10s %5s %5s %9s%n", d.id(), d.type(), truncate(d.name().strip() + " ("
                    + d.platformName().strip() + ")", 44), Format.bytes(d.globalMemoryBytes()), Format.bytes(d.maxAllocationBytes()),
                    yes(d.fp16()), yes(d.fp64()), yes(d.bitExact()));
            out.printf("%-12s %-6s   %s; %s; %d compute units%n", "", "", d.vendor().strip(), d.version().strip(), d.computeUnits());
        }
        if (discovery.devices().isEmpty()) {
            out.println("(no OpenCL device: " + discovery.problem() + ")");
        }
        out.printf("%-12s %-6s %-44s %10s %10s %5s %5s %9s%n", "cpu", "JAVA", "Java fallback (" + Runtime.getRuntime().availableProcessors()
                + " threads)", Format.bytes(Runtime.getRuntime().maxMemory()), "-", "yes", "yes", "yes");
        out.printf("%-12s %-6s   %s%n", "", "", VectorSupport.describe());
        out.println("auto chooses: " + auto);
        return 0;
    }

    private static String yes(boolean flag) {
        return flag ? "yes" : "no";
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
