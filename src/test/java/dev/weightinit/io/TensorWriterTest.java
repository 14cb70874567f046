package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.ForwardingBackend;
import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.Float16Reference;
import dev.weightinit.keras.Constant;
import dev.weightinit.keras.RandomUniform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming writer: every job's bytes land contiguously from the given position, equal to the
 * whole tensor made at once, across chunk and block boundaries; each tensor's mean and standard
 * deviation equal a two-pass computation in the test over the values decoded from the file
 * (decoders written here: float32, float64, bfloat16 as the top half of a float32, the integer
 * types; float16 by {@link Float16Reference}); faults in the producer reach the caller.
 */
@ExtendWith(CpuBackendFixture.class)
class TensorWriterTest {
    @TempDir
    Path dir;

    private final CpuBackend cpu;

    TensorWriterTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void chunkSizesArePositiveMultiplesOfEight() {
        for (int bad : new int[] {0, 4, 12, -8}) {
            assertEquals("chunk size " + bad + " bytes: it must be a positive multiple of 8",
                    assertThrows(IllegalArgumentException.class, () -> new TensorWriter(cpu, bad)).getMessage());
        }
        new TensorWriter(cpu, 8);
    }

    @Test
    void everyDtypeIsWrittenWholeWithItsMomentsAcrossChunksAndBlocks() throws IOException {
        List<TensorWriter.Job> jobs = List.of(
                job("f32", Shape.of(40_003), DType.FLOAT32, new RandomUniform(-3, 5, 1L)),
                job("f64", Shape.of(17, 3), DType.FLOAT64, new RandomUniform(-1, 2, 2L)),
                job("bf16", Shape.of(20_001), DType.BFLOAT16, new RandomUniform(-2, 1, 3L)),
                job("f16", Shape.of(16_391), DType.FLOAT16, new RandomUniform(0, 4, 4L)),
                job("empty", Shape.of(0, 7), DType.FLOAT32, new RandomUniform(0, 1, 5L)),
                job("i64", Shape.of(9), DType.INT64, new Constant(-7)),
                job("i32", Shape.of(5), DType.INT32, new Constant(3)),
                job("bool", Shape.of(6), DType.BOOL, new Constant(1)));
        for (int chunk : new int[] {8, 24, 1 << 17}) {
            Path file = dir.resolve("out-" + chunk);
            List<long[]> progress = new ArrayList<>();
            List<TensorWriter.TensorStats> stats;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ)) {
                stats = new TensorWriter(cpu, chunk).write(jobs, channel, 100, (bytes, done, current) -> progress.add(new long[] {bytes,
                        done}));
            }
            byte[] bytes = Files.readAllBytes(file);
            int at = 100;
            for (int i = 0; i < 100; i++) {
                assertEquals(0, bytes[i], "the bytes before the position are not written");
            }
            for (int j = 0; j < jobs.size(); j++) {
                TensorWriter.Job job = jobs.get(j);
                ByteBuffer whole = job.initializer().generateBytes(job.tensor(), cpu);
                int length = whole.remaining();
                assertEquals(whole, ByteBuffer.wrap(bytes, at, length).order(ByteOrder.LITTLE_ENDIAN), job.name() + ", chunk " + chunk);
                double[] values = decode(job.tensor().dtype(), ByteBuffer.wrap(bytes, at, length).slice().order(ByteOrder.LITTLE_ENDIAN));
                double mean = 0;
                for (double v : values) {
                    mean += v;
                }
                mean = values.length == 0 ? 0 : mean / values.length;
                double variance = 0;
                for (double v : values) {
                    variance += (v - mean) * (v - mean);
                }
                double std = values.length == 0 ? 0 : Math.sqrt(variance / values.length);
                TensorWriter.TensorStats s = stats.get(j);
                assertEquals(values.length, s.count(), job.name());
                assertEquals(mean, s.mean(), 1e-9 * Math.max(1, Math.abs(mean)), job.name() + " mean, chunk " + chunk);
                assertEquals(std, s.stddev(), 1e-7 * Math.max(1, std), job.name() + " std, chunk " + chunk);
                at += length;
            }
            assertEquals(at, bytes.length, "nothing past the last tensor");
            long[] last = progress.get(progress.size() - 1);
            assertEquals(at - 100, last[0], "progress counts every byte");
            assertEquals(jobs.size(), last[1], "and every tensor");
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i)[0] >= progress.get(i - 1)[0] && progress.get(i)[1] >= progress.get(i - 1)[1]);
            }
        }
        assertEquals(0.0, stats(job("c", Shape.of(5), DType.FLOAT32, new Constant(2.5))).stddev(), "a constant has no spread");
        assertEquals(2.5, stats(job("c", Shape.of(5), DType.FLOAT32, new Constant(2.5))).mean());
        assertEquals(4.0, stats(job("c", Shape.of(4), DType.FLOAT16, new Constant(4))).mean());
        assertEquals(1.0, stats(job("b", Shape.of(4), DType.BOOL, new Constant(1))).mean());
        assertEquals(-7.0, stats(job("l", Shape.of(4), DType.INT64, new Constant(-7))).mean());
    }

    @Test
    void aPieceOfATensorIsThatPiece() throws IOException {
        TensorSpec tensor = TensorSpec.named("w", Shape.of(1000), DType.FLOAT32);
        RandomUniform uniform = new RandomUniform(-1, 1, 9L);
        ByteBuffer whole = uniform.generateBytes(tensor, cpu);
        Path file = dir.resolve("piece");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            TensorWriter.TensorStats s = new TensorWriter(cpu, 64).write(List.of(new TensorWriter.Job("w", tensor, uniform, 333, 101)),
                    channel, 0, (b, d, j) -> { }).get(0);
            assertEquals(101, s.count());
        }
        assertEquals(whole.slice(333 * 4, 101 * 4), ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void aFaultWhileGeneratingReachesTheCallerAsItWas() throws IOException {
        List<TensorWriter.Job> jobs = List.of(job("a", Shape.of(100_000), DType.FLOAT32, new RandomUniform(0, 1, 1L)));
        Path file = dir.resolve("fault");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            IllegalStateException runtime = new IllegalStateException("device lost");
            assertSame(runtime, assertThrows(IllegalStateException.class, () -> new TensorWriter(failing(runtime), 4096).write(jobs, channel,
                    0, (b, d, j) -> { })));
            StackOverflowError error = new StackOverflowError("deep");
            assertSame(error, assertThrows(StackOverflowError.class, () -> new TensorWriter(failing(error), 4096).write(jobs, channel, 0,
                    (b, d, j) -> { })), "an Error in the producer thread is not swallowed");
        }
    }

    /** An interrupted writer stops, says so, and keeps its interrupt status. */
    @Test
    void anInterruptedWriterStopsAndKeepsItsInterruptStatus() throws IOException {
        List<TensorWriter.Job> jobs = List.of(job("a", Shape.of(1 << 20), DType.FLOAT32, new RandomUniform(0, 1, 1L)));
        Path file = dir.resolve("interrupted");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Thread.currentThread().interrupt();
            IOException e = assertThrows(IOException.class, () -> new TensorWriter(cpu, 4096).write(jobs, channel, 0, (b, d, j) -> { }));
            assertEquals("interrupted while writing", e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt status is restored");
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * Each stage's time is measured around its own work and summed over the writes given the same
     * {@link TensorWriter.Stages}: every stage ran (about 98 chunks of 4 KiB), so each is above zero,
     * and none is longer than the calls took (the stages run on three threads, so their sum may be).
     */
    @Test
    void eachStagesTimeIsAboveZeroAndWithinTheCalls() throws IOException {
        TensorWriter.Stages stages = new TensorWriter.Stages();
        List<TensorWriter.Job> jobs = List.of(job("a", Shape.of(100_000), DType.FLOAT32, new RandomUniform(0, 1, 1L)));
        long started = System.nanoTime();
        for (int run = 0; run < 2; run++) {
            try (FileChannel channel = FileChannel.open(dir.resolve("stages" + run), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                new TensorWriter(cpu, 4096, stages).write(jobs, channel, 0, (b, d, j) -> { });
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double[] seconds = {stages.generateSeconds(), stages.statisticsSeconds(), stages.writeSeconds(), stages.writerWaitSeconds(),
            stages.generatorWaitSeconds()};
        String[] names = {"generate", "statistics", "write", "writer wait", "generator wait"};
        for (int i = 0; i < seconds.length; i++) {
            assertTrue(seconds[i] > 0 && seconds[i] <= elapsed, names[i] + ": " + seconds[i] + " s of calls that took " + elapsed + " s");
        }
    }

    /** A backend that counts the host buffers it hands out and takes back, and fails the {@code failAt}-th allocation (0: never). */
    private static final class CountingBackend extends ForwardingBackend {
        final int failAt;
        int allocated;
        int released;

        CountingBackend(Backend delegate, int failAt) {
            super(delegate);
            this.failAt = failAt;
        }

        @Override
        public synchronized ByteBuffer allocateHostBuffer(int bytes) {
            if (++allocated == failAt) {
                throw new IllegalStateException("out of pinned memory");
            }
            return delegate.allocateHostBuffer(bytes);
        }

        @Override
        public synchronized void releaseHostBuffer(ByteBuffer buffer) {
            released++;
            delegate.releaseHostBuffer(buffer);
        }
    }

    /** Every host buffer a write takes is given back: after a write, after a fault, and when the third cannot be had. */
    @Test
    void everyHostBufferIsGivenBack() throws IOException {
        List<TensorWriter.Job> jobs = List.of(job("a", Shape.of(100_000), DType.FLOAT32, new RandomUniform(0, 1, 1L)));
        try (FileChannel channel = FileChannel.open(dir.resolve("buffers"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CountingBackend plain = new CountingBackend(cpu, 0);
            new TensorWriter(plain, 4096).write(jobs, channel, 0, (b, d, j) -> { });
            assertEquals(List.of(3, 3), List.of(plain.allocated, plain.released), "three buffers in flight, all given back");

            CountingBackend faulty = new CountingBackend(failing(new IllegalStateException("device lost")), 0);
            assertThrows(IllegalStateException.class, () -> new TensorWriter(faulty, 4096).write(jobs, channel, 0, (b, d, j) -> { }));
            assertEquals(List.of(3, 3), List.of(faulty.allocated, faulty.released), "given back after a fault too");

            CountingBackend short3 = new CountingBackend(cpu, 3);
            assertEquals("out of pinned memory", assertThrows(IllegalStateException.class,
                    () -> new TensorWriter(short3, 4096).write(jobs, channel, 0, (b, d, j) -> { })).getMessage());
            assertEquals(List.of(3, 2), List.of(short3.allocated, short3.released), "the two it had are given back");
        }
    }

    private Backend failing(Throwable fault) {
        return new ForwardingBackend(cpu) {
            private int calls;

            @Override
            public void fill(FillSpec spec, long start, ByteBuffer dst) {
                if (++calls == 3) {
                    if (fault instanceof RuntimeException r) {
                        throw r;
                    }
                    throw (Error) fault;
                }
                super.fill(spec, start, dst);
            }
        };
    }

    private TensorWriter.TensorStats stats(TensorWriter.Job job) throws IOException {
        Path file = Files.createTempFile(dir, "s", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            return new TensorWriter(cpu, 8).write(List.of(job), channel, 0, (b, d, j) -> { }).get(0);
        }
    }

    private static TensorWriter.Job job(String name, Shape shape, DType dtype, Initializer initializer) {
        return new TensorWriter.Job(name, TensorSpec.named(name, shape, dtype), initializer);
    }

    private static double[] decode(DType dtype, ByteBuffer b) {
        int n = b.remaining() / dtype.bytes();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case FLOAT32 -> b.getFloat(4 * i);
                case FLOAT64 -> (float) b.getDouble(8 * i); // the writer's moments are of the float32 values
                case BFLOAT16 -> Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                case FLOAT16 -> Float16Reference.decode(b.getShort(2 * i) & 0xFFFF);
                case INT64 -> b.getLong(8 * i);
                case INT32 -> b.getInt(4 * i);
                case BOOL -> b.get(i);
                default -> throw new AssertionError(dtype);
            };
        }
        return v;
    }
}
