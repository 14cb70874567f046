package dev.weightinit.backend.opencl;

import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clReleaseEvent;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jocl.Pointer;
import org.jocl.cl_event;

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
    private final WriteCeiling ceiling;
    private final int blocksPerWorkItem;
    /** Calls hold the read lock; close takes the write lock, so it never releases what a call uses. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

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
        this.ceiling = new WriteCeiling(device, programs);
    }

    /** Blocks per work-item with default options: 16-wide vectors on CPU devices, 1 on GPUs (coalesced stores). */
    public static int defaultBlocksPerWorkItem(OpenClDeviceInfo info) {
        return info.type() == OpenClDeviceInfo.Type.CPU ? 16 : 1;
    }

    /**
     * This device's certification as kept in the user's {@link CertificateStore}: {@code yes},
     * {@code FAILED} and the check, or {@code not certified}.
     */
    @Override
    public String certification() {
        return CertificateStore.user().get(Certification.deviceKey(this)).map(CertificateStore.Stored::summary).orElse("not certified");
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
        Backend.checkRange(start, count);
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
            for (DeviceTensor.Part part : own(dst, spec.dtype(), start, count, dstOffset).parts(dstOffset, count)) {
                launcher.enqueue(spec, start + part.offset(), part.count(), part.memory(), part.segmentOffset());
            }
            device.finish();
        });
    }

    /**
     * {@link #fill(FillSpec, long, long, DeviceBuffer, long)}, timed: returns the kernels' device time
     * in nanoseconds from OpenCL profiling events, every launch and segment included.
     */
    public long timedFill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset) {
        return call(() -> {
            long nanos = 0;
            for (DeviceTensor.Part part : own(dst, spec.dtype(), start, count, dstOffset).parts(dstOffset, count)) {
                nanos += launcher.enqueueTimed(spec, start + part.offset(), part.count(), part.memory(), part.segmentOffset());
            }
            device.finish();
            return nanos;
        });
    }

    /**
     * The driver's own fill ({@code clEnqueueFillBuffer}) of every byte of {@code dst}, a tensor of this
     * backend's; waits for it. A reference for write bandwidth.
     */
    public void driverFill(DeviceBuffer dst) {
        run(() -> {
            DeviceTensor tensor = own(dst, dst.dtype(), 0, 0, 0);
            for (DeviceTensor.Segment segment : tensor.segments()) {
                cl_event event = new cl_event();
                device.check.check(clEnqueueFillBuffer(device.queue, segment.memory(), Pointer.to(new int[] {0x3F800000}), 4, 0,
                        segment.count() * tensor.dtype().bytes() / 4 * 4, 0, null, event), "clEnqueueFillBuffer");
                clReleaseEvent(event);
            }
            device.finish();
        });
    }

    /**
     * Device nanoseconds of the simplest kernel writing every byte of {@code dst} (a tensor of this
     * backend's) with {@code width}-wide stores (1, 4 or 16 uints) in work-groups of {@code local}
     * (0: the driver's choice): what the device itself writes, a ceiling for generation rates.
     */
    public long timedWriteKernel(DeviceBuffer dst, int width, long local) {
        return call(() -> ceiling.time(own(dst, dst.dtype(), 0, 0, 0), width, local));
    }

    /** Wall nanoseconds of reading every byte of {@code dst} back to host memory, a chunk of at most 64 MiB at a time. */
    public long timedReadBack(DeviceBuffer dst) {
        return call(() -> {
            DeviceTensor tensor = own(dst, dst.dtype(), 0, 0, 0);
            int bytes = tensor.dtype().bytes();
            long chunk = Math.max(1, (64L << 20) / bytes);
            ByteBuffer host = ByteBuffer.allocateDirect((int) (Math.min(chunk, tensor.elements()) * bytes));
            long started = System.nanoTime();
            for (long first = 0; first < tensor.elements(); first += chunk) {
                long n = Math.min(chunk, tensor.elements() - first);
                host.clear().limit((int) (n * bytes));
                tensor.read(first, host);
            }
            return System.nanoTime() - started;
        });
    }

    @Override
    public void write(DeviceBuffer dst, long dstOffset, ByteBuffer src) {
        run(() -> {
            int bytes = dst.dtype().bytes();
            long count = Backend.elementsIn(src, dst.dtype(), "source");
            for (DeviceTensor.Part part : own(dst, dst.dtype(), 0, count, dstOffset).parts(dstOffset, count)) {
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
            long count = Backend.checkedCount(spec, start, dst);
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

    /** Pinned host buffers handed out and not yet released (for leak tests). */
    int pinnedHostBuffers() {
        return hostMemory.live();
    }

    /** In-place host buffers (each with its USE_HOST_PTR buffer) handed out and not yet released (for leak tests). */
    int inPlaceHostBuffers() {
        return hostMemory.liveInPlace();
    }

    /** Float32 values read from the device straight into the array, without a host staging copy. */
    @Override
    public void fill(FillSpec spec, long start, float[] dst, int offset, int count) {
        run(() -> {
            Backend.checkArray(spec, start, dst, offset, count);
            if (count > 0) {
                staging.fill(spec, start, count, dst, offset);
            }
        });
    }

    /** Float16 or bfloat16 bits read from the device straight into the array, without a host staging copy. */
    @Override
    public void fill(FillSpec spec, long start, short[] dst, int offset, int count) {
        run(() -> {
            Backend.checkArray(spec, start, dst, offset, count);
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

    /** Device buffers this backend holds now, its own staging buffer included (for leak tests). */
    long liveBuffers() {
        return allocator.liveBuffers();
    }

    /** Staging buffers the backend holds now (0 to 2; none on devices that fill host memory in place). */
    int stagingBuffers() {
        return staging.held();
    }

    /** The work-group size of the fill kernels (derived at the first launch unless the options give one). */
    public long localWorkSize() {
        return call(launcher::localWorkSize);
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
    private DeviceTensor own(DeviceBuffer dst, DType dtype, long start, long count, long dstOffset) {
        Backend.checkRange(start, count);
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
            ceiling.close();
            programs.close();
            device.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
