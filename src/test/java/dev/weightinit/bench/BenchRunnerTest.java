package dev.weightinit.bench;

import dev.weightinit.cli.CliRunner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.ForwardingBackend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench's measurements past one device buffer and past 2^31 elements (issue "bench: sizes past one device buffer"). */
class BenchRunnerTest {
    private static final PrintWriter QUIET = new PrintWriter(new StringWriter());

    /** A tensor split over device buffers of 1 MiB is timed whole and verified in every buffer. */
    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void aSplitDeviceTensorIsTimedWholeAndVerifiedInEverySegment() {
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require(), OpenClOptions.defaults().withMaxBufferBytes(1 << 20));
             CpuBackend reference = new CpuBackend(2)) {
            long size = 3 * (1 << 18) + 1001; // four buffers of 262,144 float32 elements, the last partial
            List<BenchReport.Result> results = new BenchRunner(0, 2, QUIET).measure(gpu, List.of(Distribution.NORMAL),
                    List.of(DType.FLOAT32), List.of(size), "test");
            assertEquals(1, results.size());
            BenchReport.Result result = results.get(0);
            assertTrue(result.status().startsWith("OK"), result.toString());
            assertTrue(result.medianSeconds() > 0 && result.kernelSeconds() > 0, result.toString());
            assertTrue(result.driverFillBytesPerSecond() > 0 && result.ceilingBytesPerSecond() > 0, result.toString());

            FillSpec spec = FillSpec.unit(20241124L, 7L, Distribution.NORMAL);
            try (DeviceBuffer buffer = gpu.allocate(size, DType.FLOAT32)) {
                gpu.fill(spec, 0, 1 << 18, buffer, 0); // only the first device buffer
                assertFalse(BenchRunner.holdsTheReference(gpu, reference, spec, buffer), "segments 2-4 were never written");
                gpu.fill(spec, 0, size, buffer, 0);
                assertTrue(BenchRunner.holdsTheReference(gpu, reference, spec, buffer));
            }
        }
    }

    /**
     * A size past 2^31 elements reaches the backend whole: a backend whose buffer computes its
     * values when read (so nothing of 2^31 elements is held) records the fills it is asked for.
     */
    @Test
    void sizesPastTwoToThe31AreNotTruncated() {
        long size = (1L << 31) + 5;
        List<long[]> fills = new ArrayList<>();
        try (CpuBackend cpu = new CpuBackend(2)) {
            Backend virtual = new ForwardingBackend(cpu) {
                @Override
                public DeviceBuffer allocate(long elements, DType dtype) {
                    return new VirtualBuffer(cpu, elements, dtype);
                }

                @Override
                public void fill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset) {
                    if (spec.distribution() == Distribution.UNIFORM) { // not the raw-Philox ceiling's fill
                        fills.add(new long[] {start, count, dstOffset});
                    }
                    ((VirtualBuffer) dst).spec = spec;
                }
            };
            List<BenchReport.Result> results = new BenchRunner(0, 1, QUIET).measure(virtual, List.of(Distribution.UNIFORM),
                    List.of(DType.FLOAT16), List.of(size), "test");
            assertTrue(results.get(0).status().startsWith("OK"), results.get(0).toString());
            assertEquals(size, results.get(0).size());
            assertEquals(1, fills.size());
            assertEquals(0, fills.get(0)[0]);
            assertEquals(size, fills.get(0)[1], "the whole size, not (int) size");
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void sizesAreCheckedAgainstTheBackendBeforeMeasuring() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> BenchRunner.checkSize(cpu, 0, DType.FLOAT32));
            assertTrue(zero.getMessage().contains("size 0"), zero.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BenchRunner.checkSize(cpu, -5, DType.FLOAT32));
            long max = Runtime.getRuntime().maxMemory() / 4;
            BenchRunner.checkSize(cpu, max, DType.FLOAT32);
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                    () -> BenchRunner.checkSize(cpu, max + 1, DType.FLOAT32));
            assertTrue(big.getMessage().contains("size " + (max + 1)) && big.getMessage().contains("holds at most"), big.getMessage());
        }
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require())) {
            long memory = gpu.info().globalMemoryBytes();
            BenchRunner.checkSize(gpu, memory / 2, DType.FLOAT16); // past 2^31 on any device of 4 GiB or more
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                    () -> BenchRunner.checkSize(gpu, memory / 2 + 1, DType.FLOAT16));
            assertTrue(big.getMessage().contains(Long.toString(memory)), big.getMessage());
        }
    }

    @Test
    void badSizesExitTwoBeforeAnythingIsMeasured() {
        for (String sizes : new String[] {"0", "-4", "1048576,0", "9223372036854775807", "99999999999999999999", "1x"}) {
            CliRunner run = CliRunner.run("bench", "--device", "cpu", "--sizes", sizes, "--repeats", "1");
            assertEquals(2, run.status(), sizes + ": " + run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().strip().split("\n").length == 1, run.err());
            assertFalse(run.err().contains("bench: cpu"), "nothing measured: " + run.err());
        }
    }

    /** A buffer that holds nothing: reads compute the reference values of the last spec filled. */
    private static final class VirtualBuffer implements DeviceBuffer {
        private final CpuBackend cpu;
        private final long elements;
        private final DType dtype;
        FillSpec spec;

        VirtualBuffer(CpuBackend cpu, long elements, DType dtype) {
            this.cpu = cpu;
            this.elements = elements;
            this.dtype = dtype;
        }

        @Override
        public long elements() {
            return elements;
        }

        @Override
        public DType dtype() {
            return dtype;
        }

        @Override
        public void read(long first, ByteBuffer dst) {
            DeviceBuffer.checkInside(this, first, dst.remaining() / dtype.bytes());
            cpu.fill(spec, first, dst);
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void verificationCatchesADeviceThatIsOffByOneBit() {
        try (CpuBackend reference = new CpuBackend(2); CpuBackend inner = new CpuBackend(2)) {
            Backend offByOne = new ForwardingBackend(inner) {
                @Override
                public String id() {
                    return "broken";
                }

                @Override
                public void fill(FillSpec spec, long start, ByteBuffer dst) {
                    inner.fill(spec, start, dst);
                    int where = dst.position() + 1000;
                    dst.put(where, (byte) (dst.get(where) ^ 1));
                }
            };
            FillSpec spec = new FillSpec(1L, 2L, Distribution.NORMAL, 0f, 1f, DType.FLOAT32);
            assertFalse(BenchRunner.verify(offByOne, reference, spec));
            assertTrue(BenchRunner.verify(inner, reference, spec));
        }
    }

    /** A device that drops the high counter word (block indices past 2^32 wrap) is caught. */
    @Test
    void verificationReachesTheHighCounterWord() {
        try (CpuBackend reference = new CpuBackend(2); CpuBackend inner = new CpuBackend(2)) {
            Backend wraps = new ForwardingBackend(inner) {
                @Override
                public String id() {
                    return "wraps";
                }

                @Override
                public void fill(FillSpec spec, long start, ByteBuffer dst) {
                    // Block index mod 2^32: each run between multiples of 2^34 elements starts over.
                    long period = 1L << 34;
                    int bytes = spec.dtype().bytes();
                    long end = start + dst.remaining() / bytes;
                    for (long from = start; from < end; ) {
                        long to = Math.min(end, (from / period + 1) * period);
                        ByteBuffer run = dst.duplicate().order(dst.order());
                        run.position(dst.position() + (int) (from - start) * bytes).limit(dst.position() + (int) (to - start) * bytes);
                        inner.fill(spec, from % period, run);
                        from = to;
                    }
                }
            };
            FillSpec spec = new FillSpec(1L, 2L, Distribution.UNIFORM, 0f, 1f, DType.FLOAT32);
            assertFalse(BenchRunner.verify(wraps, reference, spec));
        }
    }
}
