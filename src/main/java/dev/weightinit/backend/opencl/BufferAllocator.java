package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clReleaseMemObject;

import dev.weightinit.engine.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.cl_mem;

/**
 * Device tensors of one backend: each split into segments of at most {@link #maxBufferBytes()}
 * (the device's {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}, or a lower limit from the options), released
 * on close, all of them when the backend closes. Thread-safe.
 */
final class BufferAllocator {
    private final DeviceContext device;
    private final long maxBufferBytes;
    private final AtomicLong liveBuffers = new AtomicLong();
    private final Set<DeviceTensor> openTensors = ConcurrentHashMap.newKeySet();

    BufferAllocator(DeviceContext device, long optionLimit) {
        this.device = device;
        long deviceMax = device.info.maxAllocationBytes() > 0 ? device.info.maxAllocationBytes() : Long.MAX_VALUE;
        long limit = optionLimit > 0 ? Math.min(optionLimit, deviceMax) : deviceMax;
        this.maxBufferBytes = Math.max(8, limit / 8 * 8);
    }

    long maxBufferBytes() {
        return maxBufferBytes;
    }

    /**
     * @throws IllegalArgumentException if {@code elements < 1} or its bytes exceed 2^63 - 1
     * @throws OpenClException          if the device cannot allocate it (nothing stays allocated)
     */
    DeviceTensor allocate(OpenClBackend owner, long elements, DType dtype) {
        if (elements < 1) {
            throw new IllegalArgumentException("elements is " + elements + ": a device tensor holds at least 1");
        }
        if (elements > Long.MAX_VALUE / dtype.bytes()) {
            throw new IllegalArgumentException(elements + " " + dtype.specName() + " elements are more than 2^63 - 1 bytes");
        }
        long bytes = elements * dtype.bytes();
        long perSegment = maxBufferBytes / dtype.bytes();
        List<DeviceTensor.Segment> segments = new ArrayList<>();
        try {
            for (long first = 0; first < elements; first += perSegment) {
                long count = Math.min(perSegment, elements - first);
                segments.add(new DeviceTensor.Segment(createBuffer(count * dtype.bytes()), first, count));
            }
        } catch (RuntimeException e) {
            releaseSegments(segments);
            if (e instanceof OpenClException cl && cl.isOutOfMemory()) {
                throw new OpenClException("allocating " + bytes + " bytes (" + elements + " " + dtype.specName() + " elements)",
                        device.info.describe(), cl.errorCode());
            }
            throw e;
        }
        DeviceTensor tensor = new DeviceTensor(owner, segments, elements, dtype);
        openTensors.add(tensor);
        return tensor;
    }

    private cl_mem createBuffer(long bytes) {
        int[] error = new int[1];
        cl_mem memory = clCreateBuffer(device.context, CL_MEM_READ_WRITE, bytes, null, error);
        try {
            device.check.check(error[0], "clCreateBuffer(" + bytes + " bytes)");
        } catch (OpenClException e) {
            if (error[0] == CL_SUCCESS) {
                clReleaseMemObject(memory); // an injected fault after a real allocation
            }
            throw e;
        }
        liveBuffers.incrementAndGet();
        return memory;
    }

    /** Releases a tensor's buffers once; the tensor calls it when closed. */
    void release(DeviceTensor tensor, List<DeviceTensor.Segment> segments) {
        if (openTensors.remove(tensor)) {
            releaseSegments(segments);
        }
    }

    private void releaseSegments(List<DeviceTensor.Segment> segments) {
        for (DeviceTensor.Segment segment : segments) {
            clReleaseMemObject(segment.memory());
            liveBuffers.decrementAndGet();
        }
    }

    /** Tensors not yet closed. */
    int openTensors() {
        return openTensors.size();
    }

    /** Device buffers held now. */
    long liveBuffers() {
        return liveBuffers.get();
    }

    /** Closes every tensor still open. */
    void closeAll() {
        for (DeviceTensor tensor : new ArrayList<>(openTensors)) {
            tensor.close();
        }
    }
}
