package dev.weightinit.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** What bench measures beside the backend: the write ceiling kernels, timed fills, the driver's fill and the read-back. */
class DeviceMeasurementsTest {
    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void theWriteKernelsWriteEveryElementAndAreTimed() {
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require());
             DeviceMeasurements measure = new DeviceMeasurements(gpu);
             DeviceBuffer buffer = gpu.allocate(1 << 16, DType.UINT32)) {
            for (int width : new int[] {1, 4, 16}) {
                gpu.fill(FillSpec.raw(1L, 1L), 0, 1 << 16, buffer, 0);
                assertTrue(measure.timedWriteKernel(buffer, width, 64) > 0);
                ByteBuffer read = ByteBuffer.allocateDirect(4 << 16).order(ByteOrder.LITTLE_ENDIAN);
                buffer.read(0, read);
                for (int i = 0; i < 1 << 16; i++) {
                    assertEquals(0x3F800000, read.getInt(4 * i), "width " + width + " element " + i);
                }
            }
            assertTrue(measure.timedReadBack(buffer) > 0);
            assertThrows(IllegalArgumentException.class, () -> measure.timedWriteKernel(buffer, 8, 64));
        }
    }


    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void timedFillsAndTheDriverFillWriteWhatTheyShould() {
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require());
             DeviceMeasurements measure = new DeviceMeasurements(gpu);
             DeviceBuffer buffer = gpu.allocate(1 << 16, DType.UINT32);
             DeviceBuffer expected = gpu.allocate(1 << 16, DType.UINT32)) {
            FillSpec spec = FillSpec.raw(3L, 4L);
            assertTrue(measure.timedFill(spec, 5, 1 << 16, buffer, 0) > 0);
            gpu.fill(spec, 5, 1 << 16, expected, 0);
            ByteBuffer a = ByteBuffer.allocateDirect(4 << 16).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer b = ByteBuffer.allocateDirect(4 << 16).order(ByteOrder.LITTLE_ENDIAN);
            buffer.read(0, a);
            expected.read(0, b);
            assertEquals(b, a, "a timed fill writes the same values as a fill");
            measure.driverFill(buffer);
            buffer.read(0, a.clear());
            for (int i = 0; i < 1 << 16; i++) {
                assertEquals(0x3F800000, a.getInt(4 * i), "element " + i);
            }
        }
    }
}
