package dev.weightinit.backend.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * What weightinit needs to know of one OpenCL device, read once at discovery.
 *
 * @param platformIndex          index of the platform in {@code clGetPlatformIDs} order
 * @param deviceIndex            index of the device within its platform
 * @param platformName           {@code CL_PLATFORM_NAME}
 * @param name                   {@code CL_DEVICE_NAME}
 * @param vendor                 {@code CL_DEVICE_VENDOR}
 * @param version                {@code CL_DEVICE_VERSION}
 * @param driverVersion          {@code CL_DRIVER_VERSION}
 * @param type                   GPU, CPU, ACCELERATOR or OTHER
 * @param computeUnits           {@code CL_DEVICE_MAX_COMPUTE_UNITS}
 * @param globalMemoryBytes      {@code CL_DEVICE_GLOBAL_MEM_SIZE}
 * @param maxAllocationBytes     {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}: the largest single buffer
 * @param fp16                   whether {@code cl_khr_fp16} is present
 * @param fp64                   whether {@code cl_khr_fp64} is present
 * @param correctlyRoundedDivideSqrt whether {@code CL_DEVICE_SINGLE_FP_CONFIG} has
 *                               {@code CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT}; without it the device's
 *                               output is not guaranteed bit-exact
 */
public record OpenClDeviceInfo(
        int platformIndex, int deviceIndex, String platformName, String name, String vendor, String version,
        String driverVersion, Type type, int computeUnits, long globalMemoryBytes, long maxAllocationBytes,
        boolean fp16, boolean fp64, boolean correctlyRoundedDivideSqrt,
        cl_platform_id platform, cl_device_id device) {

    /** Device kinds, in the order {@code auto} prefers them. */
    public enum Type { GPU, ACCELERATOR, CPU, OTHER }

    /** The id used on the command line: {@code opencl:P:D}. */
    public String id() {
        return "opencl:" + platformIndex + ":" + deviceIndex;
    }

    /** Whether this device's output is guaranteed to be bit-exact to the stream spec. */
    public boolean bitExact() {
        return correctlyRoundedDivideSqrt;
    }

    /** {@code "opencl:0:0 NAME (PLATFORM)"}. */
    /** Whether this is a simulator (Oclgrind): correct but far too slow to make weights with; {@code auto} never picks it. */
    public boolean simulator() {
        return platformName.toLowerCase(java.util.Locale.ROOT).contains("oclgrind");
    }

    public String describe() {
        return id() + " " + name.strip() + " (" + platformName.strip() + ")";
    }
}
