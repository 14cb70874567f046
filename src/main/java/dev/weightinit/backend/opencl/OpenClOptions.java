package dev.weightinit.backend.opencl;

/**
 * How an {@link OpenClBackend} launches work. Output bits never depend on these settings; tests
 * vary them to show it.
 *
 * @param blocksPerWorkItem  Philox blocks per work-item, 1 or 16; 0 chooses by device type (16 for
 *                           CPU devices, whose compilers vectorise explicit 16-wide code, 1 for GPUs,
 *                           where one block per work-item gives coalesced stores)
 * @param localWorkSize      work-group size, or 0 to derive one from the fill kernel's preferred
 *                           work-group size multiple and the device's limits (one multiple on CPU
 *                           devices, 256 work-items on GPUs); never the driver's per-launch choice, since
 *                           PoCL compiles a kernel anew for each local size
 * @param maxWorkItemsPerLaunch work-items per {@code clEnqueueNDRangeKernel}; larger ranges are
 *                           split into several launches
 * @param stagingElements    elements generated per device chunk when filling host memory
 * @param integerFloat64     write float64 with integer operations even where {@code cl_khr_fp64}
 *                           exists (the path devices without fp64 take)
 * @param maxBufferBytes     the largest single device buffer to allocate, or 0 for the device's
 *                           {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}; a smaller value exercises splitting
 * @param alwaysStage        fill host memory through the staging buffers and the transfer queue even
 *                           where the device could write a direct buffer in place (devices that share
 *                           host memory); tests run the GPUs' path on CPU devices with it
 */
public record OpenClOptions(int blocksPerWorkItem, long localWorkSize, long maxWorkItemsPerLaunch,
                            long stagingElements, boolean integerFloat64, long maxBufferBytes, boolean alwaysStage) {

    public OpenClOptions {
        if (blocksPerWorkItem != 0 && blocksPerWorkItem != 1 && blocksPerWorkItem != 16) {
            throw new IllegalArgumentException("blocksPerWorkItem is " + blocksPerWorkItem + ": allowed are 0 (auto), 1 and 16");
        }
        if (localWorkSize < 0) {
            throw new IllegalArgumentException("localWorkSize is " + localWorkSize + ": allowed are 0 (from the kernel and device) or a positive size");
        }
        if (maxWorkItemsPerLaunch < 1) {
            throw new IllegalArgumentException("maxWorkItemsPerLaunch is " + maxWorkItemsPerLaunch + ": at least 1 is needed");
        }
        if (localWorkSize > 0 && maxWorkItemsPerLaunch % localWorkSize != 0) {
            throw new IllegalArgumentException("maxWorkItemsPerLaunch " + maxWorkItemsPerLaunch
                    + " is not a multiple of localWorkSize " + localWorkSize);
        }
        if (stagingElements < 4) {
            throw new IllegalArgumentException("stagingElements is " + stagingElements + ": at least 4 are needed");
        }
        if (maxBufferBytes < 0) {
            throw new IllegalArgumentException("maxBufferBytes is " + maxBufferBytes + ": allowed are 0 (the device's) or a positive size");
        }
    }

    /** Automatic vector width and work-group size, 2^22 work-items a launch, 16M-element staging. */
    public static OpenClOptions defaults() {
        return new OpenClOptions(0, 0, 1L << 22, 1L << 24, false, 0, false);
    }

    public OpenClOptions withBlocksPerWorkItem(int blocks) {
        return new OpenClOptions(blocks, localWorkSize, maxWorkItemsPerLaunch, stagingElements, integerFloat64, maxBufferBytes, alwaysStage);
    }

    public OpenClOptions withLocalWorkSize(long size) {
        long max = size > 0 ? Math.max(size, maxWorkItemsPerLaunch / size * size) : maxWorkItemsPerLaunch;
        return new OpenClOptions(blocksPerWorkItem, size, max, stagingElements, integerFloat64, maxBufferBytes, alwaysStage);
    }

    public OpenClOptions withMaxWorkItemsPerLaunch(long items) {
        return new OpenClOptions(blocksPerWorkItem, localWorkSize, items, stagingElements, integerFloat64, maxBufferBytes, alwaysStage);
    }

    public OpenClOptions withStagingElements(long elements) {
        return new OpenClOptions(blocksPerWorkItem, localWorkSize, maxWorkItemsPerLaunch, elements, integerFloat64, maxBufferBytes, alwaysStage);
    }

    public OpenClOptions withMaxBufferBytes(long bytes) {
        return new OpenClOptions(blocksPerWorkItem, localWorkSize, maxWorkItemsPerLaunch, stagingElements, integerFloat64, bytes, alwaysStage);
    }

    public OpenClOptions withIntegerFloat64(boolean integer) {
        return new OpenClOptions(blocksPerWorkItem, localWorkSize, maxWorkItemsPerLaunch, stagingElements, integer, maxBufferBytes, alwaysStage);
    }

    public OpenClOptions withAlwaysStage(boolean stage) {
        return new OpenClOptions(blocksPerWorkItem, localWorkSize, maxWorkItemsPerLaunch, stagingElements, integerFloat64, maxBufferBytes, stage);
    }
}
