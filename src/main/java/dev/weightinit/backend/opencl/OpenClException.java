package dev.weightinit.backend.opencl;

import org.jocl.CL;

/**
 * An OpenCL call failed: names the call, the device and the error code, and for failed program
 * builds carries the compiler's log.
 */
public final class OpenClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final String buildLog;

    OpenClException(String call, String device, int errorCode) {
        this(call, device, errorCode, null);
    }

    OpenClException(String call, String device, int errorCode, String buildLog) {
        super(call + " failed on " + device + ": " + CL.stringFor_errorCode(errorCode) + " (" + errorCode + ")"
                + (buildLog == null || buildLog.isBlank() ? "" : "\nbuild log:\n" + buildLog.strip()));
        this.errorCode = errorCode;
        this.buildLog = buildLog;
    }

    /** The OpenCL error code, e.g. {@link CL#CL_MEM_OBJECT_ALLOCATION_FAILURE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The program build log when a build failed, else {@code null}. */
    public String buildLog() {
        return buildLog;
    }

    /** Whether retrying with smaller allocations may succeed. */
    public boolean isOutOfMemory() {
        return errorCode == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE || errorCode == CL.CL_OUT_OF_RESOURCES
                || errorCode == CL.CL_OUT_OF_HOST_MEMORY || errorCode == CL.CL_INVALID_BUFFER_SIZE;
    }

    static void check(int errorCode, String call, String device) {
        if (errorCode != CL.CL_SUCCESS) {
            throw new OpenClException(call, device, errorCode);
        }
    }
}
