package dev.weightinit.bench;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.CertificateStore;
import dev.weightinit.backend.opencl.Certification;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.DeviceMeasurements;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.ScalarGenerator;
import dev.weightinit.engine.VectorSupport;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Measures one backend for {@code bench}: every (distribution, dtype) is first verified bit for bit
 * against the scalar Java reference on samples across the counter words (a device that differs is
 * FAILED and not timed), then each size is timed into one buffer of the backend's, whole (every
 * segment of a split device tensor), and that buffer is verified again at the start and end of each
 * segment. Not thread-safe.
 */
final class BenchRunner {
    /** Elements of each verification sample. */
    static final int SAMPLE = (1 << 20) + 3;
    /** Elements read back from each end of each segment of a timed buffer. */
    static final int EDGE = 4099;

    /** The median's 95% interval a figure is repeated for: within ±3%. */
    static final double TARGET_HALF_WIDTH = 0.03;
    /** The most timed runs of one figure. */
    static final int MAX_RUNS = 1000;

    private final int warmup;
    private final int repeats;
    private final double budgetSeconds;
    private final PrintWriter err;
    private final Ceilings.Cache ceilings;

    /**
     * @param repeats       timed runs at least
     * @param budgetSeconds time one figure may take to reach a ±3% interval; 0 stops at {@code repeats}
     */
    BenchRunner(int warmup, int repeats, double budgetSeconds, PrintWriter err) {
        if (repeats < 1 || warmup < 0 || !(budgetSeconds >= 0)) {
            throw new IllegalArgumentException("repeats " + repeats + ", warmup " + warmup + " and budget " + budgetSeconds
                    + ": need repeats >= 1, warmup >= 0, budget >= 0 seconds");
        }
        this.warmup = warmup;
        this.repeats = repeats;
        this.budgetSeconds = budgetSeconds;
        this.err = err;
        this.ceilings = new Ceilings.Cache(warmup + repeats);
    }

    BenchRunner(int warmup, int repeats, PrintWriter err) {
        this(warmup, repeats, 0, err);
    }

    /**
     * The most bytes one timed buffer may have on {@code backend}: the device's global memory, or for
     * the Java fallback the JVM's direct-memory limit (its maximum heap unless set).
     */
    static long capacityBytes(Backend backend) {
        if (backend instanceof OpenClBackend device) {
            return device.info().globalMemoryBytes();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Refuses a size before anything is measured.
     *
     * @throws IllegalArgumentException naming the size, the dtype and the backend's limit
     */
    static void checkSize(Backend backend, long size, DType dtype) {
        if (size < 1) {
            throw new IllegalArgumentException("size " + size + " is not valid: sizes are element counts of at least 1");
        }
        long capacity = capacityBytes(backend);
        if (size > capacity / dtype.bytes()) {
            throw new IllegalArgumentException("size " + size + " of " + dtype.specName() + " does not fit " + backend.id() + ": it holds at most "
                    + capacity + " bytes (" + capacity / dtype.bytes() + " elements)");
        }
    }

    List<BenchReport.Result> measure(Backend backend, List<Distribution> transforms, List<DType> types, List<Long> sizes,
                                     String hostName) {
        List<BenchReport.Result> results = new ArrayList<>();
        if (backend instanceof CpuBackend) {
            awaitSimdWarmUp();
        }
        if (backend instanceof OpenClBackend device && !certified(device)) {
            for (Distribution distribution : transforms) {
                for (DType dtype : types) {
                    for (long size : sizes) {
                        results.add(BenchReport.Result.failed(hostName, backend, distribution.specName(), dtype.specName(), size));
                    }
                }
            }
            return results;
        }
        // The scalar reference, so that the SIMD fallback is checked against other code, not itself.
        try (CpuBackend reference = new CpuBackend(Runtime.getRuntime().availableProcessors(), ScalarGenerator::new);
             DeviceMeasurements device = backend instanceof OpenClBackend opencl ? new DeviceMeasurements(opencl) : null) {
            for (Distribution distribution : transforms) {
                for (DType dtype : types) {
                    FillSpec spec = new FillSpec(20241124L, 7L, distribution, 0.0f, 1.0f, dtype);
                    boolean exact = verify(backend, reference, spec);
                    for (long size : sizes) {
                        BenchReport.Result result = exact ? time(backend, device, reference, spec, size, hostName) : null;
                        if (result == null) {
                            result = BenchReport.Result.failed(hostName, backend, distribution.specName(), dtype.specName(), size);
                        }
                        results.add(result);
                        err.printf(Locale.ROOT, "bench: %s %s %s %d %s%n", backend.id(), distribution.specName(), dtype.specName(), size,
                                result.failed() ? "FAILED" : "done");
                    }
                }
            }
        }
        return results;
    }

    /**
     * Whether the device is certified: the kept verdict, or a certification run now (and kept).
     * A device that fails is not timed.
     */
    private boolean certified(OpenClBackend device) {
        CertificateStore store = CertificateStore.user();
        java.util.Optional<CertificateStore.Stored> stored = store.get(Certification.deviceKey(device));
        boolean passed;
        String failedCheck;
        if (stored.isPresent()) {
            passed = stored.get().passed();
            failedCheck = stored.get().failedCheck();
        } else {
            err.println("bench: certifying " + device.id() + " (every input of every step; 'weightinit certify' shows the checks)");
            Certification.Verdict verdict = Certification.certifyAndKeep(device, store, Long.MAX_VALUE,
                    warning -> err.println("warning: " + warning)).orElseThrow();
            passed = verdict.passed();
            failedCheck = verdict.failedCheck();
        }
        if (!passed) {
            err.println("bench: " + device.id() + " failed certification (" + failedCheck + "): not timed");
        }
        return passed;
    }

    /** Times the Java fallback in its steady state: SIMD, once warmed up, where the JVM has it. */
    private void awaitSimdWarmUp() {
        try {
            if (VectorSupport.usable() && !VectorSupport.awaitWarmUp(5, TimeUnit.MINUTES)) {
                err.println("warning: the SIMD path did not beat the scalar path on every distribution; timing what runs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the SIMD warm-up", e);
        }
    }

    /**
     * Samples of elements equal the Java reference bit for bit: from 0, from an unaligned start,
     * across block 2^32 (where the block index carries into the high counter word) and near 2^62.
     */
    static boolean verify(Backend backend, CpuBackend reference, FillSpec spec) {
        for (long start : new long[] {0, 12_345_677L, (1L << 34) - SAMPLE / 2 - 1, (1L << 62) + 3}) {
            ByteBuffer expected = ByteBuffer.allocateDirect(SAMPLE * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer actual = ByteBuffer.allocateDirect(SAMPLE * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            reference.fill(spec, start, expected);
            backend.fill(spec, start, actual);
            if (!expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }

    /** The timed result, or {@code null} when the timed buffer does not hold the reference's values. */
    private BenchReport.Result time(Backend backend, DeviceMeasurements device, CpuBackend reference, FillSpec spec, long size,
                                    String hostName) {
        Runs runs;
        try (DeviceBuffer buffer = backend.allocate(size, spec.dtype())) {
            runs = runUntilSteady(backend, device, spec, size, buffer);
            if (!holdsTheReference(backend, reference, spec, buffer)) {
                return null;
            }
        }
        Ceilings bounds = ceilings.of(backend, device, size * spec.dtype().bytes());
        double raw = rawRate(backend, device, size);
        int units = device != null ? device.backend().info().computeUnits() : Runtime.getRuntime().availableProcessors();
        return new BenchReport.Result(hostName, backend.id(), backend.description(), spec.distribution().specName(),
                spec.dtype().specName(), size, backend.bitExact() ? "OK" : "OK (not bit-exact)", runs.median(), runs.min(), runs.max(),
                runs.kernelMedian(), bounds.best(), bounds.name(), bounds.driverFill(), bounds.readBack(), raw, units,
                runs.ciLow(), runs.ciHigh(), runs.count());
    }

    /** Timed runs of one figure: at least {@code repeats}, then more until the median's 95% interval is within ±3% or the budget is spent. */
    private record Runs(double median, double min, double max, double kernelMedian, double ciLow, double ciHigh, int count) {
    }

    /** @param device the OpenCL measurements of {@code backend} (kernel times from profiling events), or {@code null} */
    private Runs runUntilSteady(Backend backend, DeviceMeasurements device, FillSpec spec, long size, DeviceBuffer buffer) {
        List<Double> seconds = new ArrayList<>();
        List<Double> kernels = new ArrayList<>();
        long started = System.nanoTime();
        for (int r = -warmup; ; r++) {
            long t0 = System.nanoTime();
            double kernelSeconds = Double.NaN;
            if (device != null) {
                kernelSeconds = device.timedFill(spec, 0, size, buffer, 0) / 1e9;
            } else {
                backend.fill(spec, 0, size, buffer, 0);
            }
            long t1 = System.nanoTime();
            if (r < 0) {
                continue;
            }
            seconds.add((t1 - t0) / 1e9);
            kernels.add(kernelSeconds);
            if (seconds.size() >= repeats) {
                double[] ci = Statistics.medianInterval(seconds);
                double median = Statistics.median(seconds);
                boolean steady = (ci[1] - ci[0]) / 2 <= TARGET_HALF_WIDTH * median;
                if (steady || (System.nanoTime() - started) / 1e9 >= budgetSeconds || seconds.size() >= MAX_RUNS) {
                    return new Runs(median, java.util.Collections.min(seconds), java.util.Collections.max(seconds),
                            Statistics.median(kernels), ci[0], ci[1], seconds.size());
                }
            }
        }
    }

    /** Raw Philox words per second on the same device and size: the RNG's own ceiling. */
    private final java.util.Map<String, Double> rawRates = new java.util.HashMap<>();

    private double rawRate(Backend backend, DeviceMeasurements device, long size) {
        return rawRates.computeIfAbsent(backend.id() + "/" + size, key -> {
            FillSpec raw = FillSpec.raw(1L, 2L);
            try (DeviceBuffer buffer = backend.allocate(size, DType.UINT32)) {
                return size / runUntilSteady(backend, device, raw, size, buffer).median();
            }
        });
    }

    /**
     * The elements at both ends of every segment of a timed buffer (device buffers of at most
     * {@code maxBufferBytes}) equal the reference, so a fill that skipped or overran a segment is caught.
     */
    static boolean holdsTheReference(Backend backend, CpuBackend reference, FillSpec spec, DeviceBuffer buffer) {
        long n = buffer.elements();
        long segment = backend instanceof OpenClBackend device ? Math.max(1, device.maxBufferBytes() / spec.dtype().bytes()) : n;
        TreeSet<Long> starts = new TreeSet<>();
        for (long first = 0; first < n; first += segment) {
            long end = Math.min(n, first + segment);
            starts.add(first);
            starts.add(Math.max(first, end - EDGE));
        }
        for (long start : starts) {
            int count = (int) Math.min(EDGE, n - start);
            ByteBuffer expected = ByteBuffer.allocateDirect(count * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer actual = ByteBuffer.allocateDirect(count * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
            reference.fill(spec, start, expected);
            buffer.read(start, actual);
            if (!expected.equals(actual)) {
                return false;
            }
        }
        return true;
    }
}
