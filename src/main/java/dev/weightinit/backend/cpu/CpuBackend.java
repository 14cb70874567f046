package dev.weightinit.backend.cpu;

import dev.weightinit.backend.FillArguments;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.FloatGenerator;
import dev.weightinit.engine.ValueWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The pure-Java backend: {@link FloatGenerator#fastest()} (SIMD through the Vector API where the
 * JVM has it, else the scalar batched reference arithmetic; see
 * {@link dev.weightinit.engine.VectorSupport}) on a fixed pool of threads, each task a contiguous
 * run of elements. Output is independent of the thread count and of the generator.
 *
 * <p>Thread-safe. Closing shuts the pool down; every call after {@link #close()} throws
 * {@link IllegalStateException}.
 */
public final class CpuBackend implements Backend {
    /** Elements per task: large enough to amortise scheduling, small enough to balance two cores. */
    static final int TASK_ELEMENTS = 1 << 16;
    /** Bytes mapped at a time when writing to a file region. */
    private static final long FILE_WINDOW_BYTES = 1L << 28;

    private final int threads;
    private final ExecutorService pool;
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[TASK_ELEMENTS]);
    private final ThreadLocal<FloatGenerator> generators;
    private final String generatorName;
    private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile boolean closed;

    /** A backend using every available processor. */
    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param threads worker threads, at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public CpuBackend(int threads) {
        this(threads, FloatGenerator::fastest);
    }

    /**
     * @param threads    worker threads, at least 1
     * @param generators makes one generator per worker thread (all kinds give the same bits); for
     *                   comparing them, e.g. {@code ScalarGenerator::new} for the scalar path
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public CpuBackend(int threads, Supplier<? extends FloatGenerator> generators) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads is " + threads + ": at least 1 is needed");
        }
        this.threads = threads;
        this.generators = ThreadLocal.withInitial(generators);
        this.generatorName = generators.get().kind();
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "weightinit-cpu-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Number of worker threads. */
    public int threads() {
        return threads;
    }

    @Override
    public String id() {
        return "cpu";
    }

    @Override
    public String description() {
        return "cpu Java fallback (" + threads + (threads == 1 ? " thread, " : " threads, ") + generatorName + ")";
    }

    @Override
    public boolean bitExact() {
        return true;
    }

    @Override
    public void fill(FillSpec spec, long start, ByteBuffer dst) {
        whileOpen(() -> {
            long count = FillArguments.checkedCount(spec, start, dst);
            ByteBuffer target = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int base = dst.position();
            int bytes = spec.dtype().bytes();
            runTasks(count, (offset, length) -> {
                float[] values = scratch.get();
                generators.get().generate(spec, start + offset, values, 0, length);
                ValueWriter.write(spec.dtype(), values, length, target, base + (int) offset * bytes);
            });
        });
    }

    /**
     * Writes elements {@code [start, start + count)} of a float32 tensor into {@code dst[offset ..]}.
     *
     * @throws IllegalArgumentException if the dtype is not float32 or the range does not fit {@code dst}
     */
    @Override
    public void fill(FillSpec spec, long start, float[] dst, int offset, int count) {
        FillArguments.checkArray(spec, start, dst, offset, count);
        whileOpen(() -> runTasks(count, (taskOffset, length) ->
                generators.get().generate(spec, start + taskOffset, dst, offset + (int) taskOffset, length)));
    }

    /** Float16 or bfloat16 bits written into {@code dst} by the workers, rounded straight into the array. */
    @Override
    public void fill(FillSpec spec, long start, short[] dst, int offset, int count) {
        FillArguments.checkArray(spec, start, dst, offset, count);
        whileOpen(() -> runTasks(count, (taskOffset, length) -> {
            float[] values = scratch.get();
            generators.get().generate(spec, start + taskOffset, values, 0, length);
            ValueWriter.writeHalves(spec.dtype(), values, length, dst, offset + (int) taskOffset);
        }));
    }

    /**
     * Writes elements {@code [start, start + count)} to {@code channel} from byte {@code position},
     * mapping the file a window at a time: for outputs beyond 2^31 elements.
     *
     * @throws UncheckedIOException if the file cannot be mapped or written
     */
    public void fill(FillSpec spec, long start, long count, FileChannel channel, long position) {
        ensureOpen();
        FillArguments.checkRange(start, count);
        if (position < 0) {
            throw new IllegalArgumentException("file position " + position + " is negative");
        }
        int bytes = spec.dtype().bytes();
        long windowElements = FILE_WINDOW_BYTES / bytes;
        try {
            for (long done = 0; done < count; done += windowElements) {
                long length = Math.min(windowElements, count - done);
                MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_WRITE, position + done * bytes, length * bytes);
                fill(spec, start + done, window);
                window.force();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + count + " elements at byte " + position + ": " + e.getMessage(), e);
        }
    }

    /** A host-memory buffer (direct byte buffers); see {@link DeviceBuffer}. */
    @Override
    public DeviceBuffer allocate(long elements, DType dtype) {
        ensureOpen();
        return new HostBuffer(this, elements, dtype);
    }

    @Override
    public void fill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset) {
        HostBuffer buffer = own(dst, spec.dtype());
        FillArguments.checkRange(start, count);
        DeviceBuffer.checkInside(buffer, dstOffset, count);
        buffer.forEachPart(dstOffset, count, (part, offset) -> fill(spec, start + offset, part));
    }

    @Override
    public void write(DeviceBuffer dst, long dstOffset, ByteBuffer src) {
        HostBuffer buffer = own(dst, dst.dtype());
        long count = FillArguments.elementsIn(src, dst.dtype(), "source");
        DeviceBuffer.checkInside(buffer, dstOffset, count);
        ByteBuffer source = src.duplicate();
        whileOpen(() -> buffer.forEachPart(dstOffset, count, (part, offset) -> {
            source.limit(source.position() + part.remaining());
            part.put(source);
        }));
    }

    private HostBuffer own(DeviceBuffer dst, DType dtype) {
        ensureOpen();
        if (!(dst instanceof HostBuffer buffer) || buffer.owner() != this) {
            throw new IllegalArgumentException("buffer " + dst + " was not allocated by this backend (" + description() + ")");
        }
        if (buffer.isClosed()) {
            throw new IllegalArgumentException("buffer is closed");
        }
        if (buffer.dtype() != dtype) {
            throw new IllegalArgumentException("buffer holds " + buffer.dtype().specName() + ", not " + dtype.specName());
        }
        return buffer;
    }

    /** @throws IllegalStateException once {@link #close()} began */
    void checkOpen() {
        ensureOpen();
    }

    /** A page-aligned direct buffer; refused once the backend is closed. */
    @Override
    public ByteBuffer allocateHostBuffer(int bytes) {
        ensureOpen();
        return Backend.super.allocateHostBuffer(bytes);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(description() + " backend is closed");
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Runs a call while this backend is open; {@link #close()} waits for calls in progress. */
    private void whileOpen(Runnable call) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            call.run();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @FunctionalInterface
    private interface RangeTask {
        void run(long offset, int length);
    }

    /** Splits {@code [0, count)} into tasks of {@link #TASK_ELEMENTS} and runs them on the pool. */
    private void runTasks(long count, RangeTask task) {
        if (count == 0) {
            return;
        }
        if (count <= TASK_ELEMENTS || threads == 1) {
            for (long offset = 0; offset < count; offset += TASK_ELEMENTS) {
                task.run(offset, (int) Math.min(TASK_ELEMENTS, count - offset));
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (long offset = 0; offset < count; offset += TASK_ELEMENTS) {
            long taskOffset = offset;
            int length = (int) Math.min(TASK_ELEMENTS, count - offset);
            futures.add(pool.submit(() -> task.run(taskOffset, length)));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("generation task failed", cause);
        }
    }

    /** Waits for calls in progress on other threads, then stops the pool; idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            closed = true;
            pool.shutdownNow();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
