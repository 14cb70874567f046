package dev.weightinit.bench;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.opencl.DeviceMeasurements;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.SimdStores;
import dev.weightinit.engine.VectorSupport;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What bounds a figure: the best write kernel (the device's own write bandwidth), the driver's fill
 * and the read-back to the host (OpenCL), or the best of {@code Arrays.fill} and a Vector API store
 * loop on every core (Java), in bytes per second; measured once per device and size. Not thread-safe.
 *
 * @param best       the best write rate, bytes/s
 * @param name       which write gave it
 * @param driverFill the driver's fill rate (OpenCL), else NaN
 * @param readBack   the read-back rate to host memory (OpenCL), else NaN
 */
record Ceilings(double best, String name, double driverFill, double readBack) {
    /** The largest ceiling measurement of the host's write bandwidth, in bytes. */
    private static final long HOST_CEILING_BYTES = 1L << 30;

    /** Measures ceilings, each (device, size) once; {@code runs} sets how often the host loops run. */
    static final class Cache {
        private final Map<String, Ceilings> measured = new HashMap<>();
        private final int runs;

        Cache(int runs) {
            this.runs = runs;
        }

        /** @param device the OpenCL measurements of {@code backend}, or {@code null} for the Java fallback */
        Ceilings of(Backend backend, DeviceMeasurements device, long bytes) {
            return measured.computeIfAbsent(backend.id() + "/" + bytes, key -> device != null ? measure(device, bytes) : host(bytes, runs));
        }
    }

    private static Ceilings measure(DeviceMeasurements device, long bytes) {
        try (DeviceBuffer buffer = device.backend().allocate(Math.max(4, bytes) / 4, DType.UINT32)) {
            double best = 0;
            String name = "";
            for (int width : new int[] {1, 4, 16}) {
                for (long local : new long[] {0, 64, 256}) {
                    long nanos = Long.MAX_VALUE;
                    for (int r = 0; r < 3; r++) {
                        nanos = Math.min(nanos, device.timedWriteKernel(buffer, width, local));
                    }
                    double rate = buffer.byteSize() / (nanos / 1e9);
                    if (rate > best) {
                        best = rate;
                        name = "write kernel x" + width + (local == 0 ? ", driver's work-group size" : ", work-group " + local);
                    }
                }
            }
            long fill = Long.MAX_VALUE;
            long read = Long.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long t0 = System.nanoTime();
                device.driverFill(buffer);
                fill = Math.min(fill, System.nanoTime() - t0);
                read = Math.min(read, device.timedReadBack(buffer));
            }
            return new Ceilings(best, name, buffer.byteSize() / (fill / 1e9), buffer.byteSize() / (read / 1e9));
        }
    }

    private static Ceilings host(long bytes, int runs) {
        int n = (int) Math.max(1, Math.min(HOST_CEILING_BYTES, bytes) / 4);
        float[] array = new float[n];
        int cores = Runtime.getRuntime().availableProcessors();
        double fill = hostStoreRate(array, cores, runs, (a, from, to) -> Arrays.fill(a, from, to, 1f));
        double simd = VectorSupport.modulePresent() ? hostStoreRate(array, cores, runs, (a, from, to) -> SimdStores.fill(a, from, to, 1f)) : 0;
        return simd > fill ? new Ceilings(simd, "Vector API stores on " + cores + " cores", Double.NaN, Double.NaN)
                : new Ceilings(fill, "Arrays.fill on " + cores + " cores", Double.NaN, Double.NaN);
    }

    @FunctionalInterface
    private interface Store {
        void fill(float[] array, int from, int to);
    }

    /** Bytes/s of {@code store} over {@code array} split across {@code cores} threads, best of the runs. */
    private static double hostStoreRate(float[] array, int cores, int runs, Store store) {
        int n = array.length;
        double best = Double.MAX_VALUE;
        for (int r = 0; r < Math.max(3, runs); r++) {
            long t0 = System.nanoTime();
            IntStream.range(0, cores).parallel().forEach(c -> store.fill(array, (int) ((long) n * c / cores),
                    (int) ((long) n * (c + 1) / cores)));
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return n * 4.0 / best;
    }
}
