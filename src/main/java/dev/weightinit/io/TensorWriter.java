package dev.weightinit.io;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.backend.Backend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Streams tensors into a file, one after another, without holding any whole tensor: a pipeline of
 * three host buffers and three threads. A producer thread generates a chunk (on an OpenCL backend
 * the kernels write it, in place or through a read-back), a statistics thread sums the previous
 * chunk's values, and the calling thread writes the one before to the file, so generation, sums and
 * file writes overlap (on an OpenCL device the producer mostly waits for the kernels). Each tensor's
 * mean and standard deviation are over every element.
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
     * ({@code generate}: the backend's fill, on an OpenCL device the kernels and any read-back; the
     * producer thread), their moments (the statistics thread), the file writes, and the waits of
     * the producer for a free buffer and of the writer for a summed chunk. Thread-safe.
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

        /** Seconds summing the values for each tensor's mean and standard deviation, on the statistics thread. */
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
    /** Buffers in flight: one being generated, one being summed, one being written. */
    private static final int BUFFERS = 3;
    /** Used by the statistics thread only. */
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
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<Chunk> generated = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS);
        List<ByteBuffer> buffers = new ArrayList<>();
        try {
            for (int i = 0; i < BUFFERS; i++) {
                buffers.add(backend.allocateHostBuffer(chunkBytes)); // pinned where the device copies by DMA
            }
        } catch (RuntimeException e) {
            buffers.forEach(backend::releaseHostBuffer);
            throw e;
        }
        free.addAll(buffers);
        Throwable[] failure = new Throwable[1];
        Thread producer = new Thread(() -> produce(jobs, free, generated, failure), "weightinit-generate");
        producer.setDaemon(true);
        Thread summer = new Thread(() -> sum(jobs, generated, full, failure), "weightinit-statistics");
        summer.setDaemon(true);
        producer.start();
        summer.start();
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
            summer.interrupt();
            try {
                producer.join();
                summer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!producer.isAlive() && !summer.isAlive()) {
                buffers.forEach(backend::releaseHostBuffer); // nothing touches them any more
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

    private void produce(List<Job> jobs, BlockingQueue<ByteBuffer> free, BlockingQueue<Chunk> generated, Throwable[] failure) {
        try {
            for (int j = 0; j < jobs.size(); j++) {
                Job job = jobs.get(j);
                int bytes = job.tensor().dtype().bytes();
                long perChunk = chunkBytes / bytes;
                long end = job.first() + job.count();
                if (job.count() == 0) {
                    generated.put(new Chunk(j, free.take().clear().limit(0), true, 0, 0));
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
                    stages.generate.add(System.nanoTime() - generateStarted);
                    generated.put(new Chunk(j, buffer, start + n >= end, 0, 0));
                }
            }
        } catch (InterruptedException e) {
            return; // the writer stopped; it reports why
        } catch (RuntimeException | Error e) {
            fail(failure, e); // reported by the writer, which must still be told to stop
        }
        try {
            generated.put(END);
        } catch (InterruptedException ignored) {
            // the writer is gone
        }
    }

    /**
     * The statistics stage: sums each generated chunk (every tensor's moments) while the producer
     * generates the next, then hands it to the writer. Its failures are reported like the producer's.
     */
    private void sum(List<Job> jobs, BlockingQueue<Chunk> generated, BlockingQueue<Chunk> full, Throwable[] failure) {
        try {
            while (true) {
                Chunk chunk = generated.take();
                if (chunk == END) {
                    break;
                }
                long started = System.nanoTime();
                double[] sums = moments.of(jobs.get(chunk.job()).tensor().dtype(), chunk.buffer());
                stages.statistics.add(System.nanoTime() - started);
                full.put(new Chunk(chunk.job(), chunk.buffer(), chunk.lastOfJob(), sums[0], sums[1]));
            }
        } catch (InterruptedException e) {
            return; // the writer stopped; it reports why
        } catch (RuntimeException | Error e) {
            fail(failure, e);
        }
        try {
            full.put(END);
        } catch (InterruptedException ignored) {
            // the writer is gone
        }
    }

    /** Keeps the first failure of either stage. */
    private static void fail(Throwable[] failure, Throwable e) {
        synchronized (failure) {
            if (failure[0] == null) {
                failure[0] = e;
            }
        }
    }
}
