package dev.weightinit.backend.opencl;

/**
 * Turns the status of an OpenCL call into an {@link OpenClException}. Every checked call of an
 * {@link OpenClBackend} goes through its one instance: the seam where tests inject faults.
 */
@FunctionalInterface
interface StatusCheck {
    /**
     * @throws OpenClException naming the call and the device when {@code status} is not {@code CL_SUCCESS}
     */
    void check(int status, String call);

    /** The production check: throws for any status but {@code CL_SUCCESS}. */
    static StatusCheck of(OpenClDeviceInfo info) {
        String device = info.describe();
        return (status, call) -> OpenClException.check(status, call, device);
    }
}
