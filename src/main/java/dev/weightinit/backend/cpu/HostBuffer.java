package dev.weightinit.backend.cpu;

import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The Java fallback's {@link DeviceBuffer}: direct (off-heap) little-endian byte buffers of at most
 * 1 GiB each, in element order, so a buffer may exceed 2^31 bytes. Closing drops the references
 * (the memory is freed with them).
 */
final class HostBuffer implements DeviceBuffer {
    private static final long SEGMENT_BYTES = 1L << 30;

    private final CpuBackend owner;
    private final long elements;
    private final DType dtype;
    private final long perSegment;
    private volatile List<ByteBuffer> segments;

    HostBuffer(CpuBackend owner, long elements, DType dtype) {
        if (elements < 1) {
            throw new IllegalArgumentException("elements is " + elements + ": a buffer holds at least 1");
        }
        long limit = Runtime.getRuntime().maxMemory(); // the JVM's direct-memory limit unless set otherwise
        if (elements > limit / dtype.bytes()) {
            throw new IllegalArgumentException(elements + " " + dtype.specName() + " elements do not fit the Java fallback's memory: "
                    + "it holds at most " + limit + " bytes (the JVM's direct-memory limit, -XX:MaxDirectMemorySize)");
        }
        this.owner = owner;
        this.elements = elements;
        this.dtype = dtype;
        this.perSegment = SEGMENT_BYTES / dtype.bytes();
        List<ByteBuffer> list = new ArrayList<>();
        for (long first = 0; first < elements; first += perSegment) {
            long count = Math.min(perSegment, elements - first);
            list.add(ByteBuffer.allocateDirect((int) (count * dtype.bytes())).order(ByteOrder.LITTLE_ENDIAN));
        }
        this.segments = List.copyOf(list);
    }

    CpuBackend owner() {
        return owner;
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
        owner.checkOpen();
        long count = DeviceBuffer.checkRead(this, first, dst);
        ByteBuffer target = dst.duplicate();
        forEachPart(first, count, (part, offset) -> {
            target.limit(target.position() + part.remaining());
            target.put(part);
        });
    }

    /**
     * Calls {@code action} with each segment's slice of elements {@code [first, first + count)}, in
     * order, and the element offset of the slice's start from {@code first}.
     */
    void forEachPart(long first, long count, BiConsumer<ByteBuffer, Long> action) {
        List<ByteBuffer> current = segments;
        if (current == null) {
            throw new IllegalStateException("buffer is closed");
        }
        int bytes = dtype.bytes();
        long end = first + count;
        for (long from = first; from < end; ) {
            int index = (int) (from / perSegment);
            long segmentFirst = index * perSegment;
            long to = Math.min(end, segmentFirst + perSegment);
            ByteBuffer part = current.get(index).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            part.position((int) ((from - segmentFirst) * bytes)).limit((int) ((to - segmentFirst) * bytes));
            action.accept(part, from - first);
            from = to;
        }
    }

    @Override
    public boolean isClosed() {
        return segments == null;
    }

    @Override
    public void close() {
        segments = null;
    }
}
