package dev.weightinit.backend.opencl;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.Truncation;
import dev.weightinit.engine.ScalarGenerator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Run by {@code OclgrindParityTest} in a JVM that sees only the Oclgrind ICD: small fills of every
 * transform and dtype, both kernel widths, across block 2^32, on the simulator against the Java
 * reference. Prints one line per case and exits 1 on the first difference.
 */
public final class OclgrindParityMain {
    private OclgrindParityMain() {
    }

    public static void main(String[] args) {
        OpenClPlatforms.Discovery discovery = OpenClPlatforms.discover();
        OpenClDeviceInfo simulator = discovery.devices().stream().filter(OpenClDeviceInfo::simulator).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Oclgrind device: " + discovery.devices() + " " + discovery.problem()));
        int cases = 0;
        try (CpuBackend reference = new CpuBackend(1, ScalarGenerator::new)) {
            for (int width : new int[] {1, 16}) {
                try (OpenClBackend device = new OpenClBackend(simulator, OpenClOptions.defaults().withBlocksPerWorkItem(width)
                        .withLocalWorkSize(4))) {
                    for (Distribution distribution : Distribution.values()) {
                        for (DType dtype : DType.values()) {
                            if (dtype.isConstantOnly() || (distribution == Distribution.RAW_BITS) != (dtype == DType.UINT32)) {
                                continue;
                            }
                            FillSpec spec = new FillSpec(-7L, 0x1_0000_0001L, distribution, 0.25f, 0.02f, dtype,
                                    distribution == Distribution.BOUNDED_NORMAL ? Truncation.of(-1.0, 3.0, 0.23, 0.3) : null);
                            int count = 131;
                            long start = (1L << 34) - 61; // across block 2^32
                            ByteBuffer expected = ByteBuffer.allocateDirect(count * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                            ByteBuffer actual = ByteBuffer.allocateDirect(count * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                            reference.fill(spec, start, expected);
                            device.fill(spec, start, actual);
                            if (!expected.equals(actual)) {
                                System.out.println("DIFFERS width " + width + " " + distribution + " " + dtype);
                                System.exit(1);
                            }
                            cases++;
                        }
                    }
                }
            }
        }
        System.out.println("oclgrind: " + cases + " cases bit-identical on " + simulator.describe());
    }
}
