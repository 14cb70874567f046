package dev.weightinit.backend.opencl;

import dev.weightinit.backend.FillArguments;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One OpenCL device as a {@link Backend}: a facade over its parts, each with one job — the context
 * and queue ({@code DeviceContext}), the fill programs ({@code ProgramCache}), segmented device
 * tensors ({@code BufferAllocator}), kernel launches ({@code FillLauncher}) and host fills through
 * a staging buffer ({@code StagingArea}). Generates any {@code [start, start + n)} range of a
 * tensor into a device tensor ({@link #generate}, {@link #fill(FillSpec, long, long, DeviceBuffer, long)})
 * or into host memory ({@link #fill(FillSpec, long, ByteBuffer)}). Raw OpenCL handles are reached
 * only through {@link OpenClInterop}.
 *
 * <p>Thread-safe. {@link #close()} waits for calls in progress, then releases every device tensor
 * still open, the programs, the queue and the context; later calls throw {@link IllegalStateException}.
 */
public final class OpenClBackend implements Backend {
    private final OpenClDeviceInfo info;
    private final DeviceContext device;
    private final ProgramCache programs;
    private final BufferAllocator allocator;
    private final FillLauncher launcher;
    private final StagingArea staging;
    private final PinnedHostMemory hostMemory;
    private final int blocksPerWorkItem;
    /** Calls hold the read lock; close takes the write lock, so it never releases what a call uses. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** The certification summary, read once ({@link #certification()}). */
    private volatile String certification;

    /**
     * Opens a context and queue on {@code info}'s device.
     *
     * @throws OpenClException          if the context or queue cannot be created
     * @throws IllegalArgumentException if the device is big-endian
     */
    public OpenClBackend(OpenClDeviceInfo info, OpenClOptions options) {
        this(info, options, StatusCheck.of(info), "");
    }

    /** Opens {@code info}'s device with {@link OpenClOptions#defaults()}. */
    public OpenClBackend(OpenClDeviceInfo info) {
        this(info, OpenClOptions.defaults());
    }

    /** With the check every OpenCL status goes through (tests pass one that injects faults). */
    OpenClBackend(OpenClDeviceInfo info, OpenClOptions options, StatusCheck check) {
        this(info, options, check, "");
    }

    /**
     * The test seam: the status check, and build options appended to every program (tests pass
     * options that break bit-exactness, to see certification catch them).
     */
    OpenClBackend(OpenClDeviceInfo info, OpenClOptions options, StatusCheck check, String extraBuildOptions) {
        this.info = info;
        this.blocksPerWorkItem = options.blocksPerWorkItem() != 0 ? options.blocksPerWorkItem() : defaultBlocksPerWorkItem(info);
        // One work-group size for the backend's life, from the options or else from the kernel and
        // the device at the first launch (FillLauncher.workGroupSize).
        long localWorkSize = options.localWorkSize();
        this.device = new DeviceContext(info, check);
        this.programs = new ProgramCache(device, blocksPerWorkItem, options.integerFloat64(),
                extraBuildOptions.isEmpty() ? "" : " " + extraBuildOptions);
        this.allocator = new BufferAllocator(device, options.maxBufferBytes());
        this.launcher = new FillLauncher(device, programs, blocksPerWorkItem, localWorkSize, options.maxWorkItemsPerLaunch());
        this.hostMemory = new PinnedHostMemory(device, !device.hostUnifiedMemory || options.alwaysStage());
        this.staging = new StagingArea(this, allocator, launcher, device, options.stagingElements(), hostMemory, options.alwaysStage());
    }

    /** Blocks per work-item with default options: 16-wide vectors on CPU devices, 1 on GPUs (coalesced stores). */
    public static int defaultBlocksPerWorkItem(OpenClDeviceInfo info) {
        return info.type() == OpenClDeviceInfo.Type.CPU ? 16 : 1;
    }

    /**
     * This device's certification: {@code yes}, {@code FAILED} and the check, or {@code not certified}.
     * Read from the user's {@link CertificateStore} once, at the first call, unless this backend was
     * certified before that ({@link Certification#certifyAndKeep}).
     */
    @Override
    public String certification() {
        String known = certification;
        if (known == null) {
            known = CertificateStore.user().get(Certification.deviceKey(this)).map(CertificateStore.Stored::summary).orElse("not certified");
            certification = known;
        }
        return known;
    }

    /** Records the verdict of a certification run on this backend. */
    void remember(String summary) {
        certification = summary;
    }

    public OpenClDeviceInfo info() {
        return info;
    }

    /** Philox blocks each work-item computes on this device (1 or 16; {@code WI_BLOCKS_PER_ITEM} in the kernels). */
    public int blocksPerWorkItem() {
        return blocksPerWorkItem;
    }

    @Override
    public String id() {
        return info.id();
    }

    @Override
    public String description() {
        return info.describe();
    }

    @Override
    public boolean bitExact() {
        return info.bitExact();
    }

    /** The largest single buffer this backend allocates: the device's, or a smaller limit from the options. */
    public long maxBufferBytes() {
        return allocator.maxBufferBytes();
    }

    /**
     * An uninitialised device tensor, split into several buffers when it is larger than
     * {@link #maxBufferBytes()}.
     *
     * @throws OpenClException if the device cannot allocate it (nothing stays allocated)
     */
    @Override
    public DeviceTensor allocate(long elements, DType dtype) {
        return call(() -> allocator.allocate(this, elements, dtype));
    }

    /** Elements {@code [start, start + count)} of {@code spec}'s tensor in a new device tensor (waits for completion). */
    public DeviceTensor generate(FillSpec spec, long start, long count) {
        FillArguments.checkRange(start, count);
        DeviceTensor tensor = allocate(count, spec.dtype());
        try {
            fill(spec, start, count, tensor, 0);
        } catch (RuntimeException e) {
            tensor.close();
            throw e;
        }
        return tensor;
    }

    @Override
    public void fill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset) {
        run(() -> {
            for (DeviceTensor.Part part : tensorOf(dst, spec.dtype(), start, count, dstOffset).parts(dstOffset, count)) {
                launcher.enqueue(spec, start + part.offset(), part.count(), part.memory(), part.segmentOffset());
            }
            device.finish();
        });
    }

    @Override
    public void write(DeviceBuffer dst, long dstOffset, ByteBuffer src) {
        run(() -> {
            int bytes = dst.dtype().bytes();
            long count = FillArguments.elementsIn(src, dst.dtype(), "source");
            for (DeviceTensor.Part part : tensorOf(dst, dst.dtype(), 0, count, dstOffset).parts(dstOffset, count)) {
                ByteBuffer slice = src.duplicate();
                slice.position(src.position() + (int) (part.offset() * bytes));
                slice.limit(slice.position() + (int) (part.count() * bytes));
                device.write(part.memory(), part.segmentOffset() * bytes, slice);
            }
        });
    }

    /**
     * Writes elements {@code [start, start + n)} into host memory, generating on the device a staging
     * chunk at a time and reading each back.
     */
    @Override
    public void fill(FillSpec spec, long start, ByteBuffer dst) {
        run(() -> {
            long count = FillArguments.checkedCount(spec, start, dst);
            if (count > 0) {
                staging.fill(spec, start, count, dst);
            }
        });
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Pinned memory ({@code CL_MEM_ALLOC_HOST_PTR}, mapped) where fills are read back from the
     * device, so they arrive by DMA; a plain direct buffer where the device fills host memory in place.
     */
    @Override
    public ByteBuffer allocateHostBuffer(int bytes) {
        return call(() -> hostMemory.allocate(bytes));
    }

    /** Unmaps and releases a pinned buffer; after {@link #close()} (which released them all) it does nothing. */
    @Override
    public void releaseHostBuffer(ByteBuffer buffer) {
        lifecycle.readLock().lock();
        try {
            if (!closed) {
                hostMemory.release(buffer);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Float32 values read from the device straight into the array, without a host staging copy. */
    @Override
    public void fill(FillSpec spec, long start, float[] dst, int offset, int count) {
        run(() -> {
            FillArguments.checkArray(spec, start, dst, offset, count);
            if (count > 0) {
                staging.fill(spec, start, count, dst, offset);
            }
        });
    }

    /** Float16 or bfloat16 bits read from the device straight into the array, without a host staging copy. */
    @Override
    public void fill(FillSpec spec, long start, short[] dst, int offset, int count) {
        run(() -> {
            FillArguments.checkArray(spec, start, dst, offset, count);
            if (count > 0) {
                staging.fill(spec, start, count, dst, offset);
            }
        });
    }

    /** Waits until every enqueued command has finished. */
    public void finish() {
        run(device::finish);
    }

    /** Device tensors made by this backend for callers and not yet closed (its own staging buffer excluded). */
    public int openTensorCount() {
        return allocator.openTensors() - staging.held();
    }

    /** The work-group size of the fill kernels (derived at the first launch unless the options give one). */
    public long localWorkSize() {
        return call(launcher::localWorkSize);
    }

    PinnedHostMemory hostMemory() {
        return hostMemory;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    StagingArea staging() {
        return staging;
    }

    ProgramCache programs() {
        return programs;
    }

    DeviceContext context() {
        return device;
    }

    FillLauncher launcher() {
        return launcher;
    }

    void read(org.jocl.cl_mem memory, long byteOffset, ByteBuffer dst) {
        run(() -> device.read(memory, byteOffset, dst));
    }

    void release(DeviceTensor tensor, java.util.List<DeviceTensor.Segment> segments) {
        allocator.release(tensor, segments);
    }

    /** {@code dst} as a tensor of this backend's that holds {@code dtype} and has room for {@code count} from {@code dstOffset}. */
    DeviceTensor tensorOf(DeviceBuffer dst, DType dtype, long start, long count, long dstOffset) {
        FillArguments.checkRange(start, count);
        if (!(dst instanceof DeviceTensor tensor) || tensor.backend() != this) {
            throw new IllegalArgumentException("buffer " + dst + " was not allocated by this backend (" + info.describe() + ")");
        }
        if (tensor.isClosed()) {
            throw new IllegalArgumentException("device tensor is closed");
        }
        if (tensor.dtype() != dtype) {
            throw new IllegalArgumentException("device tensor holds " + tensor.dtype().specName() + ", not " + dtype.specName());
        }
        DeviceBuffer.checkInside(tensor, dstOffset, count);
        return tensor;
    }

    private void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Runs {@code action} while this backend is open; close waits for it. */
    <T> T call(java.util.function.Supplier<T> action) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(info.describe() + " backend is closed");
            }
            return action.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            hostMemory.closeAll();
            allocator.closeAll();
            programs.close();
            device.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
