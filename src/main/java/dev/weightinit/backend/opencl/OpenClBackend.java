package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_ENDIAN_LITTLE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.StreamSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One OpenCL device: its context, one in-order command queue, and the fill programs built for it
 * (once per option set, cached). Generates any {@code [start, start + n)} range of a tensor into a
 * buffer it allocates ({@link #generate}), into a caller's {@code cl_mem} at an offset
 * ({@link #enqueueFill}), or into host memory ({@link #fill}).
 *
 * <p>Thread-safe: kernel arguments are set and launches enqueued under one lock (the one OpenCL
 * call that is not thread-safe is {@code clSetKernelArg}). {@link #close()} releases the kernels,
 * programs, queue, context and every {@link DeviceTensor} still open.
 */
public final class OpenClBackend implements Backend {
    private static final System.Logger LOG = System.getLogger(OpenClBackend.class.getName());
    private static final long MIN_STAGING_BYTES = 1L << 20;
    private static volatile boolean warnedAboutSignals;

    private final OpenClDeviceInfo info;
    private final OpenClOptions options;
    private final int blocksPerWorkItem;
    private final long localWorkSize;
    private final long maxWorkItemsPerLaunch;
    private final long maxBufferBytes;
    private final AtomicLong checkedCalls = new AtomicLong();
    private final AtomicLong liveBuffers = new AtomicLong();
    private volatile LongPredicate faultInjector;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Map<String, Program> programs = new ConcurrentHashMap<>();
    private final Set<DeviceTensor> openTensors = ConcurrentHashMap.newKeySet();
    private final ReentrantLock launchLock = new ReentrantLock();
    private final ReentrantLock stagingLock = new ReentrantLock();
    private DeviceTensor staging;
    private volatile boolean closed;

    private record Program(cl_program program, cl_kernel kernel) {
    }

    /**
     * Opens a context and queue on {@code info}'s device.
     *
     * @throws OpenClException if the context or queue cannot be created, or the device is big-endian
     */
    @SuppressWarnings("deprecation") // clCreateCommandQueue: the call OpenCL 1.2 devices have
    public OpenClBackend(OpenClDeviceInfo info, OpenClOptions options) {
        this.info = info;
        this.options = options;
        this.blocksPerWorkItem = options.blocksPerWorkItem() != 0 ? options.blocksPerWorkItem()
                : info.type() == OpenClDeviceInfo.Type.CPU ? 16 : 1;
        // A fixed work-group size: PoCL compiles a kernel anew for every local size it meets, so
        // letting the driver choose per launch recompiles for every tensor size.
        this.localWorkSize = options.localWorkSize() != 0 ? options.localWorkSize()
                : info.type() == OpenClDeviceInfo.Type.CPU ? 8 : 256;
        this.maxWorkItemsPerLaunch = Math.max(localWorkSize, options.maxWorkItemsPerLaunch() / localWorkSize * localWorkSize);
        long deviceMax = info.maxAllocationBytes() > 0 ? info.maxAllocationBytes() : Long.MAX_VALUE;
        long limit = options.maxBufferBytes() > 0 ? Math.min(options.maxBufferBytes(), deviceMax) : deviceMax;
        this.maxBufferBytes = Math.max(8, limit / 8 * 8);
        int[] littleEndian = new int[1];
        check(clGetDeviceInfo(info.device(), CL_DEVICE_ENDIAN_LITTLE, Sizeof.cl_uint, Pointer.to(littleEndian), null),
                "clGetDeviceInfo(CL_DEVICE_ENDIAN_LITTLE)");
        if (littleEndian[0] == 0) {
            throw new IllegalArgumentException(info.describe() + " is big-endian: weightinit writes little-endian tensors only");
        }
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL_CONTEXT_PLATFORM, info.platform());
        int[] error = new int[1];
        this.context = clCreateContext(properties, 1, new cl_device_id[] {info.device()}, null, null, error);
        check(error[0], "clCreateContext");
        cl_command_queue created = org.jocl.CL.clCreateCommandQueue(context, info.device(), CL_QUEUE_PROFILING_ENABLE, error);
        if (error[0] != CL_SUCCESS) {
            clReleaseContext(context);
            check(error[0], "clCreateCommandQueue");
        }
        this.queue = created;
        if (SignalChaining.replacesJvmHandlers(info) && !SignalChaining.active() && !warnedAboutSignals) {
            warnedAboutSignals = true;
            LOG.log(System.Logger.Level.WARNING, info.platformName() + " replaces the JVM's signal handlers: start the JVM with "
                    + "LD_PRELOAD=" + SignalChaining.library().map(Object::toString).orElse("$JAVA_HOME/lib/libjsig.so")
                    + " or it may crash (see the weightinit README)");
        }
    }

    /** Opens {@code info}'s device with {@link OpenClOptions#defaults()}. */
    public OpenClBackend(OpenClDeviceInfo info) {
        this(info, OpenClOptions.defaults());
    }

    public OpenClDeviceInfo info() {
        return info;
    }

    /** Philox blocks each work-item computes on this device (1 or 16). */
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

    /**
     * Allocates an uninitialised device tensor, split into several buffers when it is larger than
     * the device's largest buffer ({@link #maxBufferBytes()}).
     *
     * @throws OpenClException if the device cannot allocate it (nothing stays allocated)
     */
    @Override
    public DeviceTensor allocate(long elements, DType dtype) {
        ensureOpen();
        if (elements < 1) {
            throw new IllegalArgumentException("elements is " + elements + ": a device tensor holds at least 1");
        }
        long bytes = Math.multiplyExact(elements, (long) dtype.bytes());
        long perSegment = maxBufferBytes / dtype.bytes();
        List<DeviceTensor.Segment> segments = new ArrayList<>();
        try {
            for (long first = 0; first < elements; first += perSegment) {
                long count = Math.min(perSegment, elements - first);
                segments.add(new DeviceTensor.Segment(createBuffer(count * dtype.bytes()), first, count));
            }
        } catch (RuntimeException e) {
            for (DeviceTensor.Segment segment : segments) {
                clReleaseMemObject(segment.memory());
                liveBuffers.decrementAndGet();
            }
            if (e instanceof OpenClException cl && cl.isOutOfMemory()) {
                throw new OpenClException("allocating " + bytes + " bytes (" + elements + " " + dtype.specName() + " elements)",
                        info.describe(), cl.errorCode());
            }
            throw e;
        }
        DeviceTensor tensor = new DeviceTensor(this, segments, elements, dtype);
        openTensors.add(tensor);
        return tensor;
    }

    private cl_mem createBuffer(long bytes) {
        int[] error = new int[1];
        cl_mem memory = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, error);
        try {
            check(error[0], "clCreateBuffer(" + bytes + " bytes)");
        } catch (OpenClException e) {
            if (error[0] == CL_SUCCESS) {
                clReleaseMemObject(memory); // an injected fault after a real allocation
            }
            throw e;
        }
        liveBuffers.incrementAndGet();
        return memory;
    }

    /** The largest single buffer this backend allocates: the device's, or a smaller limit from the options. */
    public long maxBufferBytes() {
        return maxBufferBytes;
    }

    /** Elements {@code [start, start + count)} of {@code spec}'s tensor in a new device tensor (waits for completion). */
    public DeviceTensor generate(FillSpec spec, long start, long count) {
        Backend.checkRange(start, count);
        DeviceTensor tensor = allocate(count, spec.dtype());
        try {
            for (DeviceTensor.Segment segment : tensor.segments()) {
                releaseEvent(enqueueFill(spec, start + segment.first(), segment.count(), segment.memory(), 0));
            }
            finish();
        } catch (RuntimeException e) {
            tensor.close();
            throw e;
        }
        return tensor;
    }

    /**
     * Enqueues the kernels that write elements {@code [start, start + count)} of {@code spec}'s tensor
     * to {@code dst} from element {@code dstOffset} (in units of the dtype). Returns without waiting;
     * the queue is in order, so a later read on this backend sees the values.
     *
     * @return the event of the last launch, or {@code null} when {@code count} is 0; the caller
     *         releases it
     */
    public cl_event enqueueFill(FillSpec spec, long start, long count, cl_mem dst, long dstOffset) {
        ensureOpen();
        Backend.checkRange(start, count);
        if (dstOffset < 0) {
            throw new IllegalArgumentException("destination offset " + dstOffset + " is negative");
        }
        if (count == 0) {
            return null;
        }
        cl_kernel kernel = programFor(spec.distribution(), spec.dtype()).kernel();
        long firstBlock = start >>> 2;
        long blocks = ((start + count - 1) >>> 2) - firstBlock + 1;
        long workItems = (blocks + blocksPerWorkItem - 1) / blocksPerWorkItem;
        return launch(kernel, spec, start, count, dst, dstOffset, firstBlock, workItems, localWorkSize);
    }

    /** The launches of one fill; returns the last one's event, releasing the others (also on failure). */
    private cl_event launch(cl_kernel kernel, FillSpec spec, long start, long count, cl_mem dst, long dstOffset,
                            long firstBlock, long workItems, long local) {
        cl_event last = null;
        for (long done = 0; done < workItems; done += maxWorkItemsPerLaunch) {
            long items = Math.min(maxWorkItemsPerLaunch, workItems - done);
            long global = (items + local - 1) / local * local;
            cl_event event = new cl_event();
            launchLock.lock();
            try {
                int arg = 0;
                setArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(dst));
                setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {dstOffset}));
                setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {firstBlock + done * blocksPerWorkItem}));
                setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {start}));
                setArg(kernel, arg++, Sizeof.cl_ulong, Pointer.to(new long[] {start + count}));
                setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.key0(spec.seed())}));
                setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.key1(spec.seed())}));
                setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.counter2(spec.stream())}));
                setArg(kernel, arg++, Sizeof.cl_uint, Pointer.to(new int[] {StreamSpec.counter3(spec.stream())}));
                setArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {spec.a()}));
                setArg(kernel, arg, Sizeof.cl_float, Pointer.to(new float[] {spec.b()}));
                check(clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {global}, new long[] {local}, 0, null, event),
                        "clEnqueueNDRangeKernel(wi_fill)");
            } catch (RuntimeException e) {
                releaseEvent(last);
                throw e;
            } finally {
                launchLock.unlock();
            }
            releaseEvent(last);
            last = event;
        }
        return last;
    }

    /**
     * Writes elements {@code [start, start + n)} into host memory, generating on the device a staging
     * chunk at a time and reading each back.
     */
    @Override
    public void fill(FillSpec spec, long start, ByteBuffer dst) {
        long count = Backend.checkedCount(spec, start, dst);
        if (count == 0) {
            return;
        }
        int bytes = spec.dtype().bytes();
        long chunk = Math.min(count, Math.min(options.stagingElements(), maxBufferBytes / bytes));
        stagingLock.lock();
        try {
            cl_mem staging = null;
            while (staging == null) {
                try {
                    staging = staging(chunk * bytes);
                } catch (OpenClException e) {
                    // Out of device memory: retry with half the chunk, down to 1 MiB.
                    if (!e.isOutOfMemory() || chunk * bytes <= MIN_STAGING_BYTES) {
                        throw e;
                    }
                    chunk = Math.max(MIN_STAGING_BYTES / bytes, chunk / 2);
                }
            }
            for (long done = 0; done < count; done += chunk) {
                long n = Math.min(chunk, count - done);
                releaseEvent(enqueueFill(spec, start + done, n, staging, 0));
                ByteBuffer part = dst.duplicate();
                part.position(dst.position() + (int) (done * bytes));
                part.limit(part.position() + (int) (n * bytes));
                read(staging, 0, part);
            }
        } finally {
            stagingLock.unlock();
        }
    }

    /** The reusable device buffer for host fills, of at least {@code bytes}; call under stagingLock. */
    private cl_mem staging(long bytes) {
        if (staging == null || staging.byteSize() < bytes) {
            if (staging != null) {
                staging.close();
                staging = null;
            }
            staging = allocate((bytes + 3) / 4, DType.UINT32);
        }
        return staging.segments().get(0).memory();
    }

    /** Waits until every enqueued command has finished. */
    public void finish() {
        ensureOpen();
        check(clFinish(queue), "clFinish");
    }

    /** The command queue, for callers that enqueue their own commands; valid until closed. */
    public cl_command_queue queue() {
        ensureOpen();
        return queue;
    }

    /** The context, for callers that create their own buffers; valid until closed. */
    public cl_context context() {
        ensureOpen();
        return context;
    }

    @Override
    public void fill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset) {
        DeviceTensor tensor = own(dst, spec.dtype());
        Backend.checkRange(start, count);
        DeviceBuffer.checkInside(tensor, dstOffset, count);
        for (DeviceTensor.Part part : tensor.parts(dstOffset, count)) {
            releaseEvent(enqueueFill(spec, start + part.offset(), part.count(), part.memory(), part.segmentOffset()));
        }
        finish();
    }

    @Override
    public void write(DeviceBuffer dst, long dstOffset, ByteBuffer src) {
        DeviceTensor tensor = own(dst, dst.dtype());
        int bytes = dst.dtype().bytes();
        if (src.remaining() % bytes != 0) {
            throw new IllegalArgumentException("source has " + src.remaining() + " bytes, not a multiple of " + bytes
                    + " (the size of " + dst.dtype().specName() + ")");
        }
        long count = src.remaining() / bytes;
        DeviceBuffer.checkInside(tensor, dstOffset, count);
        for (DeviceTensor.Part part : tensor.parts(dstOffset, count)) {
            ByteBuffer slice = src.duplicate();
            slice.position(src.position() + (int) (part.offset() * bytes));
            slice.limit(slice.position() + (int) (part.count() * bytes));
            write(part.memory(), part.segmentOffset() * bytes, slice);
        }
    }

    private DeviceTensor own(DeviceBuffer dst, DType dtype) {
        ensureOpen();
        if (!(dst instanceof DeviceTensor tensor) || tensor.backend() != this) {
            throw new IllegalArgumentException("buffer " + dst + " was not allocated by this backend (" + info.describe() + ")");
        }
        if (tensor.isClosed()) {
            throw new IllegalArgumentException("device tensor is closed");
        }
        if (tensor.dtype() != dtype) {
            throw new IllegalArgumentException("device tensor holds " + tensor.dtype().specName() + ", not " + dtype.specName());
        }
        return tensor;
    }

    /** Copies {@code src}'s remaining bytes to {@code memory} from byte {@code byteOffset} (blocking). */
    void write(cl_mem memory, long byteOffset, ByteBuffer src) {
        ensureOpen();
        check(org.jocl.CL.clEnqueueWriteBuffer(queue, memory, CL_TRUE, byteOffset, src.remaining(), Pointer.toBuffer(src),
                0, null, null), "clEnqueueWriteBuffer(" + src.remaining() + " bytes)");
    }

    void read(cl_mem memory, long byteOffset, ByteBuffer dst) {
        ensureOpen();
        check(clEnqueueReadBuffer(queue, memory, CL_TRUE, byteOffset, dst.remaining(), Pointer.toBuffer(dst), 0, null, null),
                "clEnqueueReadBuffer(" + dst.remaining() + " bytes)");
    }

    void release(DeviceTensor tensor, List<DeviceTensor.Segment> segments) {
        if (openTensors.remove(tensor)) {
            for (DeviceTensor.Segment segment : segments) {
                clReleaseMemObject(segment.memory());
                liveBuffers.decrementAndGet();
            }
        }
    }

    /** Device tensors made by this backend for callers and not yet closed (its own staging buffer excluded). */
    public int openTensorCount() {
        DeviceTensor own = staging;
        return openTensors.size() - (own != null && !own.isClosed() ? 1 : 0);
    }

    /** Device buffers this backend holds now, its own staging buffer included (for leak tests). */
    long liveBuffers() {
        return liveBuffers.get();
    }

    /** Test hook: builds (and releases) the fill program with arbitrary options. */
    void buildProgram(String buildOptions) {
        Program program = build(buildOptions);
        clReleaseKernel(program.kernel());
        clReleaseProgram(program.program());
    }

    /** The build options of the fill program for one transform and dtype on this device. */
    String buildOptions(Distribution distribution, DType dtype) {
        StringBuilder options = new StringBuilder()
                .append("-DWI_VW=").append(blocksPerWorkItem)
                .append(" -DWI_DIST=").append(distribution.kernelCode())
                .append(" -DWI_DTYPE=").append(dtype.kernelCode());
        if (this.options.integerFloat64()) {
            options.append(" -DWI_NO_FP64");
        }
        return options.append(arithmeticOptions()).toString();
    }

    /** The options every program of this backend is built with that change float arithmetic. */
    String arithmeticOptions() {
        return info.correctlyRoundedDivideSqrt() ? " -cl-fp32-correctly-rounded-divide-sqrt" : "";
    }

    private Program programFor(Distribution distribution, DType dtype) {
        return programs.computeIfAbsent(buildOptions(distribution, dtype), this::build);
    }

    private Program build(String buildOptions) {
        cl_program program = compile(KernelSources.FILL_PROGRAM, buildOptions);
        int[] error = new int[1];
        cl_kernel kernel = clCreateKernel(program, "wi_fill", error);
        if (error[0] != CL_SUCCESS) {
            clReleaseProgram(program);
            check(error[0], "clCreateKernel(wi_fill)");
        }
        return new Program(program, kernel);
    }

    /**
     * Builds the named {@code kernels/} sources as one program for this device; the caller releases it.
     *
     * @throws OpenClException with the build log if it does not compile
     */
    cl_program compile(List<String> sourceFiles, String buildOptions) {
        ensureOpen();
        String[] sources = KernelSources.loadAll(sourceFiles);
        int[] error = new int[1];
        cl_program program = clCreateProgramWithSource(context, sources.length, sources, null, error);
        check(error[0], "clCreateProgramWithSource");
        int status = clBuildProgram(program, 1, new cl_device_id[] {info.device()}, buildOptions, null, null);
        if (status != CL_SUCCESS) {
            String log = buildLog(program);
            clReleaseProgram(program);
            throw new OpenClException("clBuildProgram(" + buildOptions + ")", info.describe(), status, log);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        if (clGetProgramBuildInfo(program, info.device(), CL_PROGRAM_BUILD_LOG, 0, null, size) != CL_SUCCESS) {
            return "(build log unavailable)";
        }
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, info.device(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        int length = log.length;
        while (length > 0 && log[length - 1] == 0) {
            length--;
        }
        return new String(log, 0, length, StandardCharsets.UTF_8);
    }

    private void setArg(cl_kernel kernel, int index, long size, Pointer value) {
        check(clSetKernelArg(kernel, index, size, value), "clSetKernelArg(" + index + ")");
    }

    private static void releaseEvent(cl_event event) {
        if (event != null) {
            org.jocl.CL.clReleaseEvent(event);
        }
    }

    private void check(int status, String call) {
        LongPredicate injector = faultInjector;
        if (injector != null && injector.test(checkedCalls.incrementAndGet())) {
            status = org.jocl.CL.CL_OUT_OF_RESOURCES;
        }
        OpenClException.check(status, call, info.describe());
    }

    /**
     * Test hook: every checked OpenCL call from now on is numbered from 1, and a call whose number
     * {@code failCall} accepts fails with {@code CL_OUT_OF_RESOURCES}; {@code null} stops it.
     */
    void injectFaults(LongPredicate failCall) {
        checkedCalls.set(0);
        faultInjector = failCall;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(info.describe() + " backend is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DeviceTensor tensor : new ArrayList<>(openTensors)) {
            tensor.close();
        }
        launchLock.lock();
        try {
            for (Program program : programs.values()) {
                clReleaseKernel(program.kernel());
                clReleaseProgram(program.program());
            }
            programs.clear();
            clReleaseCommandQueue(queue);
            clReleaseContext(context);
        } finally {
            launchLock.unlock();
        }
    }
}
