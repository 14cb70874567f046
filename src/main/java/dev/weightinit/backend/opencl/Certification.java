package dev.weightinit.backend.opencl;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.Truncation;
import dev.weightinit.engine.ReferenceGenerator;
import dev.weightinit.engine.StreamSpec;
import dev.weightinit.engine.ValueWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Proves that an OpenCL device reproduces stream spec v1, rather than assuming it from what the
 * device reports. Every value of the spec is a per-lane step of §3 on one of 2^24 inputs
 * ({@link TransformStepCheck} evaluates all of them), then IEEE-exact scaling and rounding: those
 * are checked on fills of every transform and dtype at scales that reach subnormal, overflowing
 * and tie-rounding outputs, across block 2^32 (the high counter word), against the Java reference.
 *
 * <p>A verdict holds for one (platform, device, driver version, kernel sources and spec version,
 * blocks per work-item): {@link #deviceKey}. Thread-safe: stateless.
 */
public final class Certification {
    /** Elements of each scaling and rounding sample, from {@link #SAMPLE_START}. */
    static final int SAMPLE = 8192;
    /** A start that crosses block 2^32, so the sample uses both halves of the block counter. */
    static final long SAMPLE_START = (1L << 34) - SAMPLE / 2 - 3;
    /** (a, b) pairs: unit, typical, tiny (float32 and float16 subnormals), large (float16 overflow), negative. */
    private static final float[][] SCALES = {{0f, 1f}, {-0.05f, 0.1f}, {0.25f, 0.02f}, {0f, 1e-38f}, {0f, 3e-6f}, {0f, 4e4f},
        {1e30f, 1e31f}, {-1f, -2f}};

    private Certification() {
    }

    /** One check: a step of §3 on all its inputs, or the scaling and rounding of one dtype. */
    public record Check(String name, boolean passed, String detail) {
    }

    /**
     * What a device proved.
     *
     * @param deviceKey   what the verdict holds for ({@link #deviceKey})
     * @param passed      every check passed
     * @param failedCheck the first check that failed, or {@code null}
     * @param checks      every check, in order
     * @param seconds     how long it took
     * @param checkedAt   when (ISO-8601)
     */
    public record Verdict(String deviceKey, boolean passed, String failedCheck, List<Check> checks, double seconds,
                          String checkedAt) {
        /** {@code yes}, or {@code FAILED} and the check. */
        public String summary() {
            return passed ? "yes" : "FAILED " + failedCheck;
        }
    }

    /**
     * Certifies {@code backend}'s device and keeps the verdict in {@code store}: the one
     * certify-then-store path ({@code auto} on first use, {@code bench}, {@code certify}). A store
     * that cannot be written is reported through {@code warnings}; the verdict still holds for this
     * run, and the backend reports it from now on ({@link OpenClBackend#certification()}).
     *
     * @param budgetNanos how long the exhaustive steps may take ({@link Long#MAX_VALUE}: however long)
     * @return the verdict, or empty when the steps take longer than the budget (nothing is kept then)
     */
    public static Optional<Verdict> certifyAndKeep(OpenClBackend backend, CertificateStore store, long budgetNanos,
            java.util.function.Consumer<String> warnings) {
        Optional<Verdict> verdict = runWithin(backend, budgetNanos);
        verdict.ifPresent(v -> {
            backend.remember(v.summary());
            try {
                store.put(v);
            } catch (java.io.UncheckedIOException e) {
                warnings.accept("the verdict cannot be kept in " + store.file() + ": " + e.getMessage());
            }
        });
        return verdict;
    }

    /** Every check on {@code backend}'s device, however long it takes. */
    public static Verdict run(OpenClBackend backend) {
        return runWithin(backend, Long.MAX_VALUE).orElseThrow();
    }

    /** Every check, or empty when the exhaustive steps take longer than {@code budgetNanos} (a slow simulator). */
    public static Optional<Verdict> runWithin(OpenClBackend backend, long budgetNanos) {
        long started = System.nanoTime();
        Optional<List<TransformStepCheck.Result>> steps = budgetNanos == Long.MAX_VALUE
                ? Optional.of(new TransformStepCheck(backend).runAll()) : new TransformStepCheck(backend).runAllWithin(budgetNanos);
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        List<Check> checks = new ArrayList<>();
        for (TransformStepCheck.Result step : steps.get()) {
            checks.add(new Check(step.step().description() + ", all 2^24 inputs", step.passed(), step.toString()));
        }
        checks.addAll(scaling(backend));
        Check failed = checks.stream().filter(c -> !c.passed()).findFirst().orElse(null);
        return Optional.of(new Verdict(deviceKey(backend), failed == null, failed == null ? null : failed.name(), List.copyOf(checks),
                (System.nanoTime() - started) / 1e9, Instant.now().toString()));
    }

    /** Scaling {@code a + b z} and rounding to each dtype, for every transform, against the Java reference. */
    private static List<Check> scaling(OpenClBackend backend) {
        List<Check> checks = new ArrayList<>();
        checks.add(scalingCheck(backend, Distribution.RAW_BITS, DType.UINT32));
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT64)) {
            for (Distribution distribution : List.of(Distribution.UNIFORM, Distribution.NORMAL, Distribution.TRUNCATED_NORMAL,
                    Distribution.BOUNDED_NORMAL)) {
                checks.add(scalingCheck(backend, distribution, dtype));
            }
        }
        return checks;
    }

    /**
     * The bounded normal's constants for {@code [-1.5, 0.75]} with bounds in value units at
     * {@code a ± |b| / 2}: inside the values' range, so the clamp acts on many elements.
     */
    private static Truncation clamping(float[] scale) {
        double half = Math.max(Math.abs((double) scale[1]) / 2, Math.ulp(scale[0]));
        return Truncation.of(-1.5, 0.75, scale[0] - half, scale[0] + half);
    }

    private static Check scalingCheck(OpenClBackend backend, Distribution distribution, DType dtype) {
        String name = distribution.specName() + " " + dtype.specName() + " scaling and rounding";
        float[][] scales = distribution == Distribution.RAW_BITS ? new float[][] {{0f, 1f}} : SCALES;
        for (float[] scale : scales) {
            FillSpec spec = new FillSpec(0x5EED_CE27_1F1EL, 0x9E37_79B9_7F4A_7C15L, distribution, scale[0], scale[1], dtype,
                    distribution == Distribution.BOUNDED_NORMAL ? clamping(scale) : null);
            ByteBuffer expected = reference(spec);
            ByteBuffer actual = ByteBuffer.allocateDirect(SAMPLE * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            backend.fill(spec, SAMPLE_START, actual);
            for (int i = 0; i < SAMPLE; i++) {
                for (int k = 0; k < dtype.bytes(); k++) {
                    if (expected.get(i * dtype.bytes() + k) != actual.get(i * dtype.bytes() + k)) {
                        return new Check(name, false, String.format("a = %s, b = %s: element %d differs (expected %s, device %s)",
                                scale[0], scale[1], SAMPLE_START + i, hex(expected, i, dtype), hex(actual, i, dtype)));
                    }
                }
            }
        }
        return new Check(name, true, scales.length + " scales, " + SAMPLE + " elements each across block 2^32 equal");
    }

    private static ByteBuffer reference(FillSpec spec) {
        float[] values = new float[SAMPLE];
        ReferenceGenerator.compute(spec, SAMPLE_START, values, 0, SAMPLE);
        ByteBuffer bytes = ByteBuffer.allocateDirect(SAMPLE * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        ValueWriter.write(spec.dtype(), values, SAMPLE, bytes, 0);
        return bytes;
    }

    private static String hex(ByteBuffer bytes, int element, DType dtype) {
        StringBuilder text = new StringBuilder("0x");
        for (int k = dtype.bytes() - 1; k >= 0; k--) {
            text.append(String.format("%02x", bytes.get(element * dtype.bytes() + k)));
        }
        return text.toString();
    }

    /**
     * What a verdict holds for: platform, device and driver version, the SHA-256 of the kernel
     * sources and the spec version, and the kernels' blocks per work-item.
     */
    public static String deviceKey(OpenClBackend backend) {
        return deviceKey(backend.info(), backend.blocksPerWorkItem());
    }

    /** The key of {@code info}'s device with kernels of {@code blocksPerWorkItem}. */
    public static String deviceKey(OpenClDeviceInfo info, int blocksPerWorkItem) {
        return info.platformName().strip() + " | " + info.name().strip() + " | " + info.driverVersion().strip() + " | kernels "
                + kernelHash() + " | spec " + StreamSpec.VERSION + " | " + blocksPerWorkItem + " blocks per work-item";
    }

    /** The first 16 hex digits of the SHA-256 of every kernel source file. */
    static String kernelHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            LinkedHashSet<String> files = new LinkedHashSet<>(KernelSources.FILL_PROGRAM);
            files.addAll(KernelSources.STEPS_PROGRAM);
            for (String file : files) {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update(KernelSources.load(file).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
