package dev.weightinit.backend.opencl;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.jocl.CL;

/**
 * A {@link StatusCheck} for tests: once {@linkplain #arm armed}, every checked OpenCL call is
 * numbered from 1, and a call whose number the predicate accepts fails with
 * {@code CL_OUT_OF_RESOURCES} whatever its real status.
 */
final class InjectedFaults implements StatusCheck {
    private final StatusCheck real;
    private final AtomicLong calls = new AtomicLong();
    private volatile LongPredicate failCall;

    InjectedFaults(OpenClDeviceInfo info) {
        this.real = StatusCheck.of(info);
    }

    /** Starts numbering calls from 1; {@code null} stops injecting. */
    void arm(LongPredicate failCall) {
        calls.set(0);
        this.failCall = failCall;
    }

    @Override
    public void check(int status, String call) {
        LongPredicate predicate = failCall;
        if (predicate != null && predicate.test(calls.incrementAndGet())) {
            status = CL.CL_OUT_OF_RESOURCES;
        }
        real.check(status, call);
    }
}
