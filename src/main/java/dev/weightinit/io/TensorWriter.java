package dev.weightinit.io;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.backend.Backend;
import dev.weightinit.engine.Moments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Streams tensors into a file, one after another, without holding any whole tensor: a producer
 * thread generates a chunk into one of two host buffers (on an OpenCL backend: on the device, then
 * read back) and sums its values while the calling thread writes the other to the file (double
 * buffering), so generation and disk writes overlap. Each tensor's mean and standard deviation are
 * over every element.
 *
 * <p>Not thread-safe: one {@link #write} at a time per instance.
 */
public final class TensorWriter {
    /**
     * Elements {@code [first, first + count)} of one tensor to write.
     */
    public record Job(String name, TensorSpec tensor, Initializer initializer, long first, long count) {
        /** The whole tensor. */
        public Job(String name, TensorSpec tensor, Initializer initializer) {
            this(name, tensor, initializer, 0, tensor.elementCount());
        }
    }

    /** Moments of one written tensor. */
    public record TensorStats(long count, double mean, double stddev) {
    }

    /** Told after every chunk written. Called on the writing thread. */
    @FunctionalInterface
    public interface Progress {
        void written(long bytes, int tensorsDone, Job current);
    }

    /** A generated chunk with the sum and sum of squares of its values. */
    private record Chunk(int job, ByteBuffer buffer, boolean lastOfJob, double sum, double squares) {
    }

    private static final Chunk END = new Chunk(-1, null, true, 0, 0);

    /**
     * Where a writer's time goes, summed over every {@link #write} that is given it: making values
     * ({@code generate}: the backend's fill, on an OpenCL device the kernels and the read-back),
     * their moments, the file writes, and each thread's waits for the other. Thread-safe.
     */
    public static final class Stages {
        private final LongAdder generate = new LongAdder();
        private final LongAdder statistics = new LongAdder();
        private final LongAdder write = new LongAdder();
        private final LongAdder writerWaits = new LongAdder();
        private final LongAdder generatorWaits = new LongAdder();

        /** Seconds in the backend's fills, on the generating thread. */
        public double generateSeconds() {
            return generate.sum() / 1e9;
        }

        /** Seconds summing the values for each tensor's mean and standard deviation, on the generating thread. */
        public double statisticsSeconds() {
            return statistics.sum() / 1e9;
        }

        /** Seconds in the file writes (the copy into the page cache, or to the disk), on the writing thread. */
        public double writeSeconds() {
            return write.sum() / 1e9;
        }

        /** Seconds the writing thread waited for a generated chunk. */
        public double writerWaitSeconds() {
            return writerWaits.sum() / 1e9;
        }

        /** Seconds the generating thread waited for a free buffer (the writer being slower). */
        public double generatorWaitSeconds() {
            return generatorWaits.sum() / 1e9;
        }
    }

    private final Backend backend;
    private final int chunkBytes;
    private final Stages stages;
    /** Used by the producer thread only. */
    private final Moments moments = new Moments();

    /**
     * @param chunkBytes bytes per chunk, a multiple of 8, at least 8
     */
    public TensorWriter(Backend backend, int chunkBytes) {
        this(backend, chunkBytes, new Stages());
    }

    /**
     * @param chunkBytes bytes per chunk, a multiple of 8, at least 8
     * @param stages     where the time of every write is added
     */
    public TensorWriter(Backend backend, int chunkBytes, Stages stages) {
        if (chunkBytes < 8 || chunkBytes % 8 != 0) {
            throw new IllegalArgumentException("chunk size " + chunkBytes + " bytes: it must be a positive multiple of 8");
        }
        this.backend = backend;
        this.chunkBytes = chunkBytes;
        this.stages = stages;
    }

    /**
     * Writes every job's elements contiguously from byte {@code position} of {@code channel}.
     *
     * @return the statistics of each job, in order
     * @throws IOException if writing fails (a full disk, say); generation stops too
     */
    public List<TensorStats> write(List<Job> jobs, FileChannel channel, long position, Progress progress) throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(2);
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(2);
        free.add(ByteBuffer.allocateDirect(chunkBytes).order(ByteOrder.LITTLE_ENDIAN));
        free.add(ByteBuffer.allocateDirect(chunkBytes).order(ByteOrder.LITTLE_ENDIAN));
        Throwable[] failure = new Throwable[1];
        Thread producer = new Thread(() -> produce(jobs, free, full, failure), "weightinit-generate");
        producer.setDaemon(true);
        producer.start();
        List<TensorStats> stats = new ArrayList<>();
        double sum = 0;
        double squares = 0;
        long offset = position;
        long written = 0;
        boolean done = false;
        try {
            while (!done) {
                long waitStarted = System.nanoTime();
                Chunk chunk = full.take();
                stages.writerWaits.add(System.nanoTime() - waitStarted);
                if (chunk == END) {
                    done = true;
                    continue;
                }
                Job job = jobs.get(chunk.job());
                ByteBuffer buffer = chunk.buffer();
                sum += chunk.sum();
                squares += chunk.squares();
                long writeStarted = System.nanoTime();
                while (buffer.hasRemaining()) {
                    offset += channel.write(buffer, offset);
                }
                stages.write.add(System.nanoTime() - writeStarted);
                written += buffer.limit();
                if (chunk.lastOfJob()) {
                    long n = job.count();
                    double mean = n == 0 ? 0 : sum / n;
                    double variance = n == 0 ? 0 : Math.max(0, squares / n - mean * mean);
                    stats.add(new TensorStats(n, mean, Math.sqrt(variance)));
                    sum = 0;
                    squares = 0;
                }
                free.put(buffer);
                progress.written(written, stats.size(), job);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing", e);
        } finally {
            producer.interrupt();
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure[0] instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure[0] instanceof Error error) {
            throw error;
        }
        return stats;
    }

    private void produce(List<Job> jobs, BlockingQueue<ByteBuffer> free, BlockingQueue<Chunk> full, Throwable[] failure) {
        try {
            for (int j = 0; j < jobs.size(); j++) {
                Job job = jobs.get(j);
                int bytes = job.tensor().dtype().bytes();
                long perChunk = chunkBytes / bytes;
                long end = job.first() + job.count();
                if (job.count() == 0) {
                    full.put(new Chunk(j, free.take().clear().limit(0), true, 0, 0));
                    continue;
                }
                for (long start = job.first(); start < end; start += perChunk) {
                    long n = Math.min(perChunk, end - start);
                    long waitStarted = System.nanoTime();
                    ByteBuffer buffer = free.take();
                    long generateStarted = System.nanoTime();
                    stages.generatorWaits.add(generateStarted - waitStarted);
                    buffer.clear().limit((int) (n * bytes));
                    job.initializer().fill(job.tensor(), start, buffer, backend);
                    long statisticsStarted = System.nanoTime();
                    stages.generate.add(statisticsStarted - generateStarted);
                    // Moments here, not in the writer: writing is the slower side, and this thread
                    // mostly waits for the device.
                    double[] moments = this.moments.of(job.tensor().dtype(), buffer);
                    stages.statistics.add(System.nanoTime() - statisticsStarted);
                    full.put(new Chunk(j, buffer, start + n >= end, moments[0], moments[1]));
                }
            }
        } catch (InterruptedException e) {
            return; // the writer stopped; it reports why
        } catch (RuntimeException | Error e) {
            failure[0] = e; // reported by the writer, which must still be told to stop
        }
        try {
            full.put(END);
        } catch (InterruptedException ignored) {
            // the writer is gone
        }
    }

}
