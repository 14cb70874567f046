package dev.weightinit.backend.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Discovery of OpenCL platforms and devices. A machine without an OpenCL runtime (no ICD loader,
 * or no platform) yields an empty list and a reason, never an exception.
 *
 * <p>Thread-safe: every call queries the runtime afresh.
 */
public final class OpenClPlatforms {
    /** {@code CL_PLATFORM_NOT_FOUND_KHR}: the ICD loader found no platform. */
    private static final int PLATFORM_NOT_FOUND = -1001;

    private OpenClPlatforms() {
    }

    /** The devices found, and why there are none when the list is empty. */
    public record Discovery(List<OpenClDeviceInfo> devices, String problem) {
        private static final Comparator<OpenClDeviceInfo> PREFERENCE = Comparator.comparing(OpenClDeviceInfo::type)
                .thenComparing(Comparator.comparing(OpenClDeviceInfo::bitExact).reversed())
                .thenComparing(Comparator.comparingLong(OpenClDeviceInfo::globalMemoryBytes).reversed());

        /** The devices in {@code auto}'s order: GPUs, accelerators, CPU devices; bit-exact, then larger memory first. */
        public List<OpenClDeviceInfo> ranked() {
            return devices.stream().sorted(PREFERENCE).toList();
        }

        /** The device {@code auto} tries first. */
        public Optional<OpenClDeviceInfo> best() {
            return devices.stream().min(PREFERENCE);
        }
    }

    /**
     * Every device of every platform. Thread-safe: calls are serialized, because the ICD loader's
     * first use is not (two threads discovering at once crashed the JVM in clGetDeviceInfo, seen
     * with ocl-icd 2.3 and PoCL 3.1 when two Spark tasks opened their backends together).
     */
    public static synchronized Discovery discover() {
        try {
            return new Discovery(List.copyOf(list()), null);
        } catch (OpenClException e) {
            String problem = e.errorCode() == PLATFORM_NOT_FOUND ? "no OpenCL platform is installed" : e.getMessage();
            return new Discovery(List.of(), problem);
        } catch (LinkageError | UnsupportedOperationException e) {
            return new Discovery(List.of(), "the OpenCL runtime cannot be loaded: " + e);
        }
    }

    private static List<OpenClDeviceInfo> list() {
        int[] count = new int[1];
        OpenClException.check(clGetPlatformIDs(0, null, count), "clGetPlatformIDs", "the OpenCL runtime");
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        if (count[0] > 0) {
            OpenClException.check(clGetPlatformIDs(count[0], platforms, null), "clGetPlatformIDs", "the OpenCL runtime");
        }
        List<OpenClDeviceInfo> devices = new ArrayList<>();
        for (int p = 0; p < platforms.length; p++) {
            String platformName = platformString(platforms[p], CL_PLATFORM_NAME);
            int[] deviceCount = new int[1];
            int status = clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, 0, null, deviceCount);
            if (status == CL_DEVICE_NOT_FOUND) {
                continue;
            }
            OpenClException.check(status, "clGetDeviceIDs", platformName);
            cl_device_id[] ids = new cl_device_id[deviceCount[0]];
            OpenClException.check(clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_ALL, ids.length, ids, null),
                    "clGetDeviceIDs", platformName);
            for (int d = 0; d < ids.length; d++) {
                devices.add(describe(p, d, platforms[p], platformName, ids[d]));
            }
        }
        return devices;
    }

    private static OpenClDeviceInfo describe(int p, int d, cl_platform_id platform, String platformName, cl_device_id id) {
        String name = deviceString(id, CL_DEVICE_NAME);
        long typeBits = deviceLong(id, CL_DEVICE_TYPE, name);
        OpenClDeviceInfo.Type type = (typeBits & CL_DEVICE_TYPE_GPU) != 0 ? OpenClDeviceInfo.Type.GPU
                : (typeBits & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? OpenClDeviceInfo.Type.ACCELERATOR
                : (typeBits & CL_DEVICE_TYPE_CPU) != 0 ? OpenClDeviceInfo.Type.CPU
                : OpenClDeviceInfo.Type.OTHER;
        String extensions = " " + deviceString(id, CL_DEVICE_EXTENSIONS) + " ";
        long fpConfig = deviceLong(id, CL_DEVICE_SINGLE_FP_CONFIG, name);
        int[] units = new int[1];
        OpenClException.check(clGetDeviceInfo(id, CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint, Pointer.to(units), null),
                "clGetDeviceInfo(CL_DEVICE_MAX_COMPUTE_UNITS)", name);
        return new OpenClDeviceInfo(p, d, platformName, name, deviceString(id, CL_DEVICE_VENDOR),
                deviceString(id, CL_DEVICE_VERSION), deviceString(id, CL_DRIVER_VERSION), type, units[0],
                deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE, name), deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, name),
                extensions.contains(" cl_khr_fp16 "), extensions.contains(" cl_khr_fp64 "),
                (fpConfig & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0, platform, id);
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        OpenClException.check(clGetPlatformInfo(platform, param, 0, null, size), "clGetPlatformInfo", "platform");
        byte[] bytes = new byte[(int) size[0]];
        OpenClException.check(clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null),
                "clGetPlatformInfo", "platform");
        return cString(bytes);
    }

    private static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        OpenClException.check(clGetDeviceInfo(device, param, 0, null, size), "clGetDeviceInfo", "device");
        byte[] bytes = new byte[(int) size[0]];
        OpenClException.check(clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null),
                "clGetDeviceInfo", "device");
        return cString(bytes);
    }

    private static long deviceLong(cl_device_id device, int param, String name) {
        long[] value = new long[1];
        OpenClException.check(clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null),
                "clGetDeviceInfo(" + param + ")", name);
        return value[0];
    }

    private static String cString(byte[] bytes) {
        int length = 0;
        while (length < bytes.length && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
