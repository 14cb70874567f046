package dev.weightinit.backend;

import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;

/**
 * A test backend that forwards every call to {@code delegate}: a test overrides the calls it
 * breaks. Closing does not close the delegate.
 */
public abstract class ForwardingBackend implements Backend {
    protected final Backend delegate;

    protected ForwardingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public boolean bitExact() {
        return delegate.bitExact();
    }

    @Override
    public void fill(FillSpec spec, long start, ByteBuffer dst) {
        delegate.fill(spec, start, dst);
    }

    @Override
    public DeviceBuffer allocate(long elements, DType dtype) {
        return delegate.allocate(elements, dtype);
    }

    @Override
    public void fill(FillSpec spec, long start, long count, DeviceBuffer dst, long dstOffset) {
        delegate.fill(spec, start, count, dst, dstOffset);
    }

    @Override
    public void write(DeviceBuffer dst, long dstOffset, ByteBuffer src) {
        delegate.write(dst, dstOffset, src);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() {
    }
}
