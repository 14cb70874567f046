package dev.weightinit.engine;

/**
 * Run in a child JVM by {@link VectorSupportTest} (the warm-up state is per JVM). {@code order}:
 * asks for every likely distribution in advance, then, once normal is being decided, for
 * uniform and the bfloat16 passes as a bfloat16 run's generation and writer would;
 * {@code float32}: the same in advance, then normal and the float32 moments, as a float32 run
 * would. Both wait for the warm-up thread to end and print which distributions were decided and
 * which types' passes are compiled. {@code prepare:CHOICE}: {@code Devices.prepare(CHOICE)}, then
 * whether the warm-up began. {@code passes}: only the warm-up of every pass, then which are compiled.
 */
public final class WarmUpOrderMain {
    private WarmUpOrderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args[0].startsWith("prepare:")) {
            dev.weightinit.backend.Devices.prepare(args[0].substring("prepare:".length()));
            Thread.sleep(3000); // for auto, the check of the devices runs first
            System.out.println("warming=" + (VectorSupport.warming() || VectorSupport.decided(Distribution.NORMAL)));
            return;
        }
        if (args[0].equals("order") || args[0].equals("float32")) {
            VectorSupport.warmUpInBackground();
            while (!VectorSupport.deciding(Distribution.NORMAL)) {
                Thread.sleep(1); // the likeliest goes first
            }
            boolean brain = args[0].equals("order");
            VectorSupport.requestWarmUp(brain ? Distribution.UNIFORM : Distribution.NORMAL); // generation begins
            SimdConversions.ready(brain ? DType.BFLOAT16 : DType.FLOAT32, 1); // the writer's first chunk
        } else {
            SimdConversions.warmUp(SimdConversions.ALL);
        }
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (VectorSupport.warming() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        StringBuilder out = new StringBuilder();
        for (Distribution distribution : Distribution.values()) {
            out.append(distribution).append('=').append(VectorSupport.decided(distribution)).append(' ');
        }
        System.out.println(out.append("passes=float32:").append(SimdConversions.compiled(DType.FLOAT32))
                .append(",bfloat16:").append(SimdConversions.compiled(DType.BFLOAT16))
                .append(",float16:").append(SimdConversions.compiled(DType.FLOAT16)));
    }
}
