package dev.weightinit.engine;

import java.util.concurrent.TimeUnit;

/**
 * Whether, and from when, the Java fallback uses SIMD through the JDK's incubating Vector API
 * ({@code jdk.incubator.vector}).
 *
 * <p><b>Whether.</b> The module is resolved only when the JVM is started with
 * {@code --add-modules jdk.incubator.vector} (the {@code weightinit} command does this). Without it,
 * on a processor whose preferred vectors are narrower than 256 bits, or with the system property
 * {@value #DISABLE_PROPERTY}{@code =true}, only the scalar {@link ScalarGenerator} runs.
 *
 * <p><b>From when.</b> Vector API code is fast only once C2 has compiled it; interpreted, it is
 * about 10x slower than the scalar code, and compiling takes about a million elements' worth of
 * calls. So {@link FloatGenerator#fastest()} starts each distribution on the scalar path and asks
 * a background daemon thread to warm it up: the thread runs both paths on small blocks until SIMD is
 * measured faster than scalar twice in a row; from then on that distribution runs SIMD
 * ({@link #ready}). If SIMD never wins within {@value #WARM_UP_SECONDS} s (a JVM that cannot compile
 * it), the distribution stays scalar. Both paths compute the same bits, so the switch is invisible
 * in the output. The same thread, when asked, also compiles the SIMD rounding and moment passes
 * ({@code SimdConversions}): the fallback has one JIT warm-up thread, never two.
 *
 * <p><b>Sooner.</b> On a small machine the compile is the largest cost of a run of a few GiB (about
 * 3 s of a 2-core machine's time, during which the scalar path makes a quarter of the values SIMD
 * would). A caller that knows the fallback will run ({@link #warmUpInBackground()}: the CLI, before
 * it reads the model) starts the thread early on the likely distributions; a distribution that
 * generation asks for goes before the others, then the passes of the types the run writes (asked for
 * at their first use; a bfloat16 run never compiles float16's), and once generation has asked,
 * distributions asked for only in advance and not yet started are dropped (they would compete with
 * the work).
 *
 * <p>This class never touches a {@code jdk.incubator.vector} type unless the module is present, so
 * it loads on any JVM. Thread-safe.
 */
public final class VectorSupport {
    /** System property that, set to {@code true}, keeps the fallback scalar. */
    public static final String DISABLE_PROPERTY = "weightinit.simd.disable";
    /** The module that must be in the boot layer. */
    public static final String MODULE = "jdk.incubator.vector";
    static final int WARM_UP_SECONDS = 60;
    private static final int MIN_BITS = 256;
    private static final int PROBE_ELEMENTS = 4096;
    private static final int PROBE_CALLS = 16;

    private static final int BITS = probe();
    // Bit Distribution.ordinal() of each mask; written under the class monitor.
    private static volatile int requestedMask;
    private static volatile int decidedMask;
    private static volatile int readyMask;
    /** Asked for by generation (not only in advance): decided first. */
    private static volatile int urgentMask;
    /** A warm-up thread runs. */
    private static boolean warming;
    /** The SIMD rounding and moment passes are to be compiled. */
    private static boolean passesRequested;

    private VectorSupport() {
    }

    /** True when {@link FloatGenerator#fastest()} can use SIMD (now or after warm-up). */
    public static boolean usable() {
        return BITS >= MIN_BITS;
    }

    /** Whether the {@code jdk.incubator.vector} module is in this JVM's boot layer. */
    public static boolean modulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** A phrase for device listings and benchmark reports, e.g. {@code "SIMD 512-bit"}, or why scalar. */
    public static String describe() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return "scalar (" + DISABLE_PROPERTY + "=true)";
        }
        if (!modulePresent()) {
            return "scalar (start the JVM with --add-modules " + MODULE + " for SIMD)";
        }
        return usable() ? "SIMD " + BITS + "-bit" : "scalar (preferred vectors are " + BITS + "-bit)";
    }

    /** Whether {@code distribution} has been decided (SIMD or scalar) by the warm-up thread. */
    static boolean decided(Distribution distribution) {
        return (decidedMask & bit(distribution)) != 0;
    }

    /** Whether the warm-up thread is deciding {@code distribution} now. */
    static synchronized boolean deciding(Distribution distribution) {
        return deciding == bit(distribution);
    }

    /** Whether the warm-up thread runs. */
    static synchronized boolean warming() {
        return warming;
    }

    /** Whether {@code distribution} runs SIMD now: usable, warmed up and measured faster. */
    public static boolean ready(Distribution distribution) {
        return (readyMask & bit(distribution)) != 0;
    }

    /**
     * Asks for every distribution to be warmed up, and the SIMD rounding and moment passes to be
     * compiled, and waits until each is decided, e.g. before timing the fallback.
     *
     * @return whether every distribution with a SIMD form runs SIMD
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean awaitWarmUp(long timeout, TimeUnit unit) throws InterruptedException {
        if (!usable()) {
            return false;
        }
        int all = 0;
        for (Distribution distribution : Distribution.values()) {
            all |= distribution.vectorized() ? bit(distribution) : 0;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (VectorSupport.class) {
            for (Distribution distribution : Distribution.values()) {
                if (distribution.vectorized()) {
                    requestWarmUp(distribution);
                }
            }
            while (decidedMask != all) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                VectorSupport.class.wait(left);
            }
        }
        while (!SimdConversions.ready(SimdConversions.WARM_UP_AFTER) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return readyMask == all;
    }

    /**
     * Queues {@code distribution} for the background warm-up (once; later calls return at once) and
     * starts the warm-up thread if none runs. No-op when not {@link #usable()}.
     */
    static void requestWarmUp(Distribution distribution) {
        if (!usable() || (urgentMask & bit(distribution)) != 0) {
            return;
        }
        synchronized (VectorSupport.class) {
            urgentMask |= bit(distribution);
            requestedMask = (requestedMask & (decidedMask | urgentMask | deciding)) | bit(distribution);
            startWarmUp();
        }
    }

    /** The likely distributions, in the order they are compiled when asked for in advance. */
    private static final Distribution[] IN_ADVANCE = {Distribution.NORMAL, Distribution.UNIFORM, Distribution.TRUNCATED_NORMAL};
    /** The distribution the warm-up thread is deciding (its bit), or 0; under the class monitor. */
    private static int deciding;

    /**
     * Starts compiling the SIMD paths of the likely distributions (normal, uniform, truncated normal)
     * on the warm-up thread, has the rounding and moment passes a run uses asked for at their first
     * use (not after {@code SimdConversions.WARM_UP_AFTER} values), and returns at once: for a caller
     * that knows the fallback is about to make many values, so that the compile overlaps its own
     * start-up. No-op when not {@link #usable()} or once generation has asked for a distribution.
     */
    public static void warmUpInBackground() {
        if (!usable()) {
            return;
        }
        synchronized (VectorSupport.class) {
            if (urgentMask != 0) {
                return; // generation runs: it asks for what it needs
            }
            for (Distribution distribution : IN_ADVANCE) {
                requestedMask |= bit(distribution);
            }
            SimdConversions.requestAtFirstUse(); // which passes is known once values of a type are made
            startWarmUp();
        }
    }

    /** Queues the SIMD rounding and moment passes for the warm-up thread (and starts it if none runs). No-op when not usable. */
    static void requestPassesWarmUp() {
        if (!usable()) {
            return;
        }
        synchronized (VectorSupport.class) {
            passesRequested = true;
            startWarmUp();
        }
    }

    /** Starts the warm-up thread unless it runs; call holding the class monitor. */
    private static void startWarmUp() {
        if (!warming) {
            warming = true;
            Thread thread = new Thread(VectorSupport::warmUp, "weightinit-simd-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    static FloatGenerator newGenerator() {
        return new SimdGenerator();
    }

    /** The pending distribution to decide next: one generation asked for, else the likeliest asked for in advance; {@code null} if none. Call holding the class monitor. */
    private static Distribution next(int pending) {
        int urgent = pending & urgentMask;
        if (urgent != 0) {
            return Distribution.values()[Integer.numberOfTrailingZeros(urgent)];
        }
        for (Distribution distribution : IN_ADVANCE) {
            if ((pending & bit(distribution)) != 0) {
                return distribution;
            }
        }
        return pending == 0 ? null : Distribution.values()[Integer.numberOfTrailingZeros(pending)];
    }

    private static int bit(Distribution distribution) {
        return 1 << distribution.ordinal();
    }

    /**
     * Decides requested distributions one at a time (lowest ordinal first) and compiles the passes
     * when asked, until nothing is pending.
     */
    private static void warmUp() {
        FloatGenerator simd;
        try {
            simd = newGenerator();
        } catch (LinkageError e) {
            simd = null; // a JVM whose Vector API cannot load: every distribution stays scalar
        }
        ScalarGenerator scalar = new ScalarGenerator();
        float[] scratch = new float[PROBE_ELEMENTS];
        while (true) {
            Distribution next;
            boolean passes;
            synchronized (VectorSupport.class) {
                int pending = requestedMask & ~decidedMask;
                if (pending == 0 && !passesRequested) {
                    warming = false;
                    return;
                }
                next = next(pending);
                // The distributions first (generation's own, then those asked for in advance), then the passes.
                passes = passesRequested && next == null;
                if (passes) {
                    passesRequested = false;
                    next = null;
                } else if (next != null) {
                    deciding = bit(next);
                }
            }
            if (passes) {
                SimdConversions.warmUp();
                continue;
            }
            boolean faster;
            try {
                faster = simd != null && simdWins(next, simd, scalar, scratch);
            } catch (RuntimeException | LinkageError e) {
                faster = false; // a JVM whose Vector API fails stays scalar
            }
            synchronized (VectorSupport.class) {
                if (faster) {
                    readyMask |= bit(next);
                }
                decidedMask |= bit(next);
                deciding = 0;
                VectorSupport.class.notifyAll();
            }
        }
    }

    /** Times both paths alternately until SIMD wins twice in a row, or the time limit passes. */
    private static boolean simdWins(Distribution distribution, FloatGenerator simd, ScalarGenerator scalar, float[] scratch) {
        FillSpec spec = distribution == Distribution.RAW_BITS ? FillSpec.raw(0L, 0L) : FillSpec.unit(0L, 0L, distribution);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        int wins = 0;
        while (wins < 2 && System.nanoTime() < deadline) {
            long simdTime = time(simd, spec, scratch);
            long scalarTime = time(scalar, spec, scratch);
            wins = simdTime < scalarTime ? wins + 1 : 0;
        }
        return wins == 2;
    }

    private static long time(FloatGenerator generator, FillSpec spec, float[] scratch) {
        long start = System.nanoTime();
        for (int call = 0; call < PROBE_CALLS; call++) {
            generator.generate(spec, (long) call * PROBE_ELEMENTS, scratch, 0, PROBE_ELEMENTS);
        }
        return System.nanoTime() - start;
    }

    private static int probe() {
        if (Boolean.getBoolean(DISABLE_PROPERTY) || !modulePresent()) {
            return 0;
        }
        return SimdGenerator.preferredBits();
    }
}
