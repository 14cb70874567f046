package dev.weightinit.cli;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.CertificateStore;
import dev.weightinit.backend.opencl.Certification;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClDeviceInfo;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.ScalarGenerator;
import dev.weightinit.engine.VectorSupport;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

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
    /** The largest ceiling measurement of the host's write bandwidth, in bytes. */
    private static final long HOST_CEILING_BYTES = 1L << 30;

    private final int warmup;
    private final int repeats;
    private final PrintWriter err;

    BenchRunner(int warmup, int repeats, PrintWriter err) {
        if (repeats < 1 || warmup < 0) {
            throw new IllegalArgumentException("repeats " + repeats + " and warmup " + warmup + ": need repeats >= 1, warmup >= 0");
        }
        this.warmup = warmup;
        this.repeats = repeats;
        this.err = err;
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
                        results.add(new BenchReport.Result(hostName, backend.id(), backend.description(), distribution.specName(),
                                dtype.specName(), size, "FAILED", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
                    }
                }
            }
            return results;
        }
        // The scalar reference, so that the SIMD fallback is checked against other code, not itself.
        try (CpuBackend reference = new CpuBackend(Runtime.getRuntime().availableProcessors(), ScalarGenerator::new)) {
            for (Distribution distribution : transforms) {
                for (DType dtype : types) {
                    FillSpec spec = new FillSpec(20241124L, 7L, distribution, 0.0f, 1.0f, dtype);
                    boolean exact = verify(backend, reference, spec);
                    for (long size : sizes) {
                        BenchReport.Result result = exact ? time(backend, reference, spec, size, hostName) : null;
                        if (result == null) {
                            result = new BenchReport.Result(hostName, backend.id(), backend.description(), distribution.specName(),
                                    dtype.specName(), size, "FAILED", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
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
        if (stored.isPresent()) {
            if (!stored.get().passed()) {
                err.println("bench: " + device.id() + " failed certification (" + stored.get().failedCheck() + "): not timed");
            }
            return stored.get().passed();
        }
        err.println("bench: certifying " + device.id() + " (every input of every step; 'weightinit certify' shows the checks)");
        Certification.Verdict verdict = Certification.run(device);
        try {
            store.put(verdict);
        } catch (java.io.UncheckedIOException e) {
            err.println("warning: " + e.getMessage());
        }
        if (!verdict.passed()) {
            err.println("bench: " + device.id() + " failed certification (" + verdict.failedCheck() + "): not timed");
        }
        return verdict.passed();
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
    private BenchReport.Result time(Backend backend, CpuBackend reference, FillSpec spec, long size, String hostName) {
        double[] seconds = new double[repeats];
        double[] kernel = new double[repeats];
        double ceiling;
        try (DeviceBuffer buffer = backend.allocate(size, spec.dtype())) {
            for (int r = -warmup; r < repeats; r++) {
                long t0 = System.nanoTime();
                double kernelSeconds = Double.NaN;
                if (backend instanceof OpenClBackend device) {
                    kernelSeconds = device.timedFill(spec, 0, size, buffer, 0) / 1e9;
                } else {
                    backend.fill(spec, 0, size, buffer, 0);
                }
                long t1 = System.nanoTime();
                if (r >= 0) {
                    seconds[r] = (t1 - t0) / 1e9;
                    kernel[r] = kernelSeconds;
                }
            }
            if (!holdsTheReference(backend, reference, spec, buffer)) {
                return null;
            }
            ceiling = backend instanceof OpenClBackend device ? driverFillBandwidth(device, buffer)
                    : hostFillBandwidth(Math.min(HOST_CEILING_BYTES, buffer.byteSize()));
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double[] kernels = kernel.clone();
        Arrays.sort(kernels);
        return new BenchReport.Result(hostName, backend.id(), backend.description(), spec.distribution().specName(),
                spec.dtype().specName(), size, backend.bitExact() ? "OK" : "OK (not bit-exact)", sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1], kernels[kernels.length / 2], ceiling);
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

    /** Bytes/s of the driver's fill (clEnqueueFillBuffer) of the same buffer, best of the runs. */
    private double driverFillBandwidth(OpenClBackend device, DeviceBuffer buffer) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < warmup + repeats; r++) {
            long t0 = System.nanoTime();
            device.driverFill(buffer);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return buffer.byteSize() / best;
    }

    /** Bytes/s of Arrays.fill on every core: the host's write ceiling. */
    private double hostFillBandwidth(long bytes) {
        int n = (int) Math.max(1, bytes / 4);
        float[] array = new float[n];
        int cores = Runtime.getRuntime().availableProcessors();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < warmup + repeats; r++) {
            long t0 = System.nanoTime();
            IntStream.range(0, cores).parallel().forEach(c -> Arrays.fill(array, (int) ((long) n * c / cores),
                    (int) ((long) n * (c + 1) / cores), 1f));
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return n * 4.0 / best;
    }

    static Map<String, Object> hostDetails() {
        Map<String, Object> host = new LinkedHashMap<>();
        String name = System.getenv().getOrDefault("HOSTNAME", "host");
        try {
            name = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException ignored) {
            // keep the environment's name
        }
        host.put("name", name);
        host.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        host.put("cpu", cpuModel());
        host.put("cores", Runtime.getRuntime().availableProcessors());
        host.put("memory_bytes", physicalMemory());
        host.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        host.put("stream_spec", dev.weightinit.engine.StreamSpec.VERSION);
        host.put("time", java.time.Instant.now().toString());
        return host;
    }

    private static long physicalMemory() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Map<String, Object> deviceDetails(Backend backend) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", backend.id());
        details.put("description", backend.description());
        details.put("bit_exact", backend.bitExact());
        details.put("certified", backend.certification());
        if (backend instanceof OpenClBackend device) {
            OpenClDeviceInfo info = device.info();
            details.put("type", info.type().toString());
            details.put("vendor", info.vendor().strip());
            details.put("version", info.version().strip());
            details.put("driver", info.driverVersion().strip());
            details.put("compute_units", info.computeUnits());
            details.put("global_memory_bytes", info.globalMemoryBytes());
            details.put("max_buffer_bytes", info.maxAllocationBytes());
        }
        return details;
    }
}
