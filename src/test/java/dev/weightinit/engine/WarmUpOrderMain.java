package dev.weightinit.engine;

/**
 * Run in a child JVM by {@link VectorSupportTest} (the warm-up state is per JVM). {@code order}:
 * asks for every likely distribution in advance, then, once normal is being decided, for
 * uniform as generation would; waits for
 * the warm-up thread to end and prints which distributions were decided and whether the passes
 * are compiled. {@code prepare:CHOICE}: {@code Devices.prepare(CHOICE)}, then whether the warm-up
 * began. {@code passes}: only the passes' warm-up, then whether they are compiled.
 */
public final class WarmUpOrderMain {
    private WarmUpOrderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args[0].startsWith("prepare:")) {
            dev.weightinit.backend.Devices.prepare(args[0].substring("prepare:".length()));
            Thread.sleep(3000); // for auto, the check of the devices runs first
            System.out.println("warming=" + (VectorSupport.warming() || SimdConversions.compiled()));
            return;
        }
        if (args[0].equals("order")) {
            VectorSupport.warmUpInBackground();
            while (!VectorSupport.deciding(Distribution.NORMAL)) {
                Thread.sleep(1); // the likeliest goes first
            }
            VectorSupport.requestWarmUp(Distribution.UNIFORM); // generation begins
        } else {
            SimdConversions.warmUp();
        }
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (VectorSupport.warming() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        StringBuilder out = new StringBuilder();
        for (Distribution distribution : Distribution.values()) {
            out.append(distribution).append('=').append(VectorSupport.decided(distribution)).append(' ');
        }
        System.out.println(out.append("passes=").append(SimdConversions.compiled()));
    }
}
