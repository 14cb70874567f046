package dev.weightinit.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.StreamSpec;
import dev.weightinit.engine.Truncation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenCL output equals the Java reference bit for bit: every transform and dtype, several seeds and
 * streams, sizes that are not multiples of 4, unaligned slices, both kernel vector widths, several
 * work-group sizes and launch splits, and CPU thread counts.
 */
@org.junit.jupiter.api.Tag("opencl")
class OpenClParityTest {
    private static final long[] SEEDS = {0L, 42L, -7L, 0x0123_4567_89AB_CDEFL};
    private static final long[] STREAMS = {0L, StreamSpec.streamOf("decoder.layers.0.mlp.up_proj.weight"), -1L};

    private static OpenClDeviceInfo device;
    private static CpuBackend cpu;

    @BeforeAll
    static void open() {
        device = OpenClTestDevices.require();
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        if (cpu != null) {
            cpu.close();
        }
    }

    static Stream<Arguments> specs() {
        List<Arguments> cases = new ArrayList<>();
        int i = 0;
        for (Distribution distribution : Distribution.values()) {
            for (DType dtype : DType.values()) {
                if (dtype.isConstantOnly() || (distribution == Distribution.RAW_BITS) != (dtype == DType.UINT32)) {
                    continue;
                }
                for (int width : new int[] {1, 16}) {
                    long seed = SEEDS[i % SEEDS.length];
                    long stream = STREAMS[i % STREAMS.length];
                    float a = distribution == Distribution.UNIFORM ? -0.05f : 0.25f;
                    float b = distribution == Distribution.UNIFORM ? 0.1f : 0.02f;
                    // the bounded normal with bounds inside the values' range, so the clamp acts
                    cases.add(Arguments.of(new FillSpec(seed, stream, distribution, a, b, dtype, distribution == Distribution.BOUNDED_NORMAL
                            ? Truncation.of(-4.0, 0.5, a - 2.5 * b, a + 0.25 * b) : null), width));
                    i++;
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} width {1}")
    @MethodSource("specs")
    void everyTransformAndDtypeMatchesJavaBitForBit(FillSpec spec, int width) {
        try (OpenClBackend gpu = new OpenClBackend(device, OpenClOptions.defaults().withBlocksPerWorkItem(width))) {
            for (long start : new long[] {0, 1, 2, 3, 4, 61, 64, 1_000_003}) {
                for (int count : new int[] {1, 2, 3, 5, 63, 64, 65, 4099, 100_001}) {
                    assertSameBytes(spec, start, count, gpu);
                }
            }
        }
    }

    @Test
    void randomSlicesEqualTheWholeTensorOnBothBackends() {
        FillSpec spec = new FillSpec(1234L, StreamSpec.streamOf("embed"), Distribution.NORMAL, 0f, 1f, DType.FLOAT32);
        int total = 300_007;
        try (OpenClBackend gpu = new OpenClBackend(device)) {
            float[] whole = cpu.generateFloats(spec, 0, total);
            SplittableRandom random = new SplittableRandom(99);
            for (int trial = 0; trial < 40; trial++) {
                int start = random.nextInt(total);
                int count = 1 + random.nextInt(total - start);
                float[] fromGpu = gpu.generateFloats(spec, start, count);
                float[] fromCpu = cpu.generateFloats(spec, start, count);
                for (int i = 0; i < count; i++) {
                    int expected = Float.floatToRawIntBits(whole[start + i]);
                    if (expected != Float.floatToRawIntBits(fromGpu[i]) || expected != Float.floatToRawIntBits(fromCpu[i])) {
                        assertEquals(whole[start + i], fromGpu[i], "OpenCL slice [" + start + ", +" + count + ") element " + i);
                        assertEquals(whole[start + i], fromCpu[i], "Java slice [" + start + ", +" + count + ") element " + i);
                    }
                }
            }
        }
    }

    @Test
    void workGroupSizesLaunchSplitsAndThreadCountsDoNotChangeBits() {
        FillSpec spec = new FillSpec(5L, 9L, Distribution.TRUNCATED_NORMAL, 0f, 0.05f, DType.BFLOAT16);
        int count = 77_777;
        long start = 13;
        ByteBuffer reference = bytes(spec, count);
        cpu.fill(spec, start, reference);
        for (int threads : new int[] {1, 3}) {
            try (CpuBackend other = new CpuBackend(threads)) {
                ByteBuffer out = bytes(spec, count);
                other.fill(spec, start, out);
                assertEquals(reference, out, threads + " threads");
            }
        }
        for (int width : new int[] {1, 16}) {
            for (long local : new long[] {1, 7, 64}) {
                OpenClOptions options = OpenClOptions.defaults().withBlocksPerWorkItem(width)
                        .withLocalWorkSize(local).withMaxWorkItemsPerLaunch(local * 5).withStagingElements(10_001);
                try (OpenClBackend gpu = new OpenClBackend(device, options)) {
                    ByteBuffer out = bytes(spec, count);
                    gpu.fill(spec, start, out);
                    assertEquals(reference, out, "width " + width + " local " + local);
                }
            }
        }
    }

    /**
     * Both host-fill paths (kernels writing a direct buffer in place where the device shares host
     * memory; two staging buffers and two queues otherwise) give the reference bits into every kind
     * of destination: direct and heap buffers from a nonzero position, and float arrays from an
     * offset, over many chunks (10,001 elements each, so chunk ends fall inside Philox blocks).
     */
    @Test
    void inPlaceAndStagedHostFillsGiveTheSameBitsIntoEveryDestination() {
        FillSpec spec = new FillSpec(3L, 4L, Distribution.NORMAL, 0.5f, 0.25f, DType.FLOAT32);
        int count = 77_777;
        long start = 1_000_003;
        float[] reference = cpu.generateFloats(spec, start, count);
        for (boolean stage : new boolean[] {false, true}) {
            OpenClOptions options = OpenClOptions.defaults().withStagingElements(10_001).withAlwaysStage(stage);
            try (OpenClBackend gpu = new OpenClBackend(device, options)) {
                for (boolean direct : new boolean[] {true, false}) {
                    int front = 12; // bytes before the destination's position: they must stay untouched
                    ByteBuffer whole = (direct ? ByteBuffer.allocateDirect(front + 4 * count) : ByteBuffer.allocate(front + 4 * count))
                            .order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < front; i++) {
                        whole.put(i, (byte) 0x5A);
                    }
                    whole.position(front);
                    gpu.fill(spec, start, whole);
                    assertEquals(front, whole.position(), "the position is not changed");
                    for (int i = 0; i < front; i++) {
                        assertEquals((byte) 0x5A, whole.get(i), "byte " + i + " before the position");
                    }
                    for (int i = 0; i < count; i++) {
                        if (Float.floatToRawIntBits(reference[i]) != Float.floatToRawIntBits(whole.getFloat(front + 4 * i))) {
                            throw new AssertionError("staged " + stage + ", direct " + direct + ": element " + i + " differs");
                        }
                    }
                }
                float[] array = new float[count + 5];
                gpu.fill(spec, start, array, 5, count);
                assertEquals(0f, array[4], "nothing before the offset");
                for (int i = 0; i < count; i++) {
                    assertEquals(Float.floatToRawIntBits(reference[i]), Float.floatToRawIntBits(array[5 + i]), "array element " + i);
                }
                assertEquals(OpenClResources.stagingBuffers(gpu), OpenClResources.liveBuffers(gpu), "no buffer but the staging area's is left");
                assertTrue(OpenClResources.stagingBuffers(gpu) == 2, "arrays are staged on every device: " + OpenClResources.stagingBuffers(gpu));
            }
        }
    }

    /**
     * Pinned host buffers (mapped {@code CL_MEM_ALLOC_HOST_PTR} memory, what staged devices hand
     * out) take fills with the reference bits, through the writer too, and are unmapped and released
     * when given back or when the backend closes.
     */
    @Test
    void pinnedHostBuffersTakeStagedFillsWithTheReferenceBitsAndAreReleased() throws Exception {
        FillSpec spec = new FillSpec(6L, 7L, Distribution.TRUNCATED_NORMAL, 0f, 0.5f, DType.FLOAT16);
        int count = 50_001;
        ByteBuffer reference = bytes(spec, count);
        cpu.fill(spec, 0, reference);
        OpenClBackend gpu = new OpenClBackend(device, OpenClOptions.defaults().withAlwaysStage(true).withStagingElements(10_001));
        try {
            ByteBuffer pinned = gpu.allocateHostBuffer(2 * count);
            assertEquals(1, OpenClResources.pinnedHostBuffers(gpu));
            assertEquals(ByteOrder.LITTLE_ENDIAN, pinned.order());
            gpu.fill(spec, 0, pinned);
            assertEquals(reference, pinned);
            gpu.releaseHostBuffer(pinned);
            gpu.releaseHostBuffer(pinned); // a second release is ignored
            assertEquals(0, OpenClResources.pinnedHostBuffers(gpu));
            gpu.allocateHostBuffer(64);
            gpu.allocateHostBuffer(64);
            assertEquals(2, OpenClResources.pinnedHostBuffers(gpu));
        } finally {
            gpu.close();
        }
        assertEquals(0, OpenClResources.pinnedHostBuffers(gpu), "closing releases the buffers still out");
        gpu.releaseHostBuffer(ByteBuffer.allocateDirect(8)); // after close: nothing to do, no exception
        try (OpenClBackend inPlace = new OpenClBackend(device)) {
            ByteBuffer plain = inPlace.allocateHostBuffer(100);
            assertEquals(100, plain.capacity());
            assertEquals(0, plain.alignmentOffset(0, 4096), "page-aligned");
            boolean unified = inPlace.context().hostUnifiedMemory;
            assertEquals(unified ? 0 : 1, OpenClResources.pinnedHostBuffers(inPlace), "devices that fill in place hand out plain direct buffers");
            assertEquals(unified ? 1 : 0, OpenClResources.inPlaceHostBuffers(inPlace), "with a buffer kept over each");
            ByteBuffer own = inPlace.allocateHostBuffer(2 * count + 6);
            own.position(6); // a fill from a position inside the buffer, through the kept buffer
            inPlace.fill(spec, 0, own);
            assertEquals(reference, own.duplicate().position(6).limit(6 + 2 * count), "the reference bits from position 6");
            inPlace.releaseHostBuffer(own);
            inPlace.releaseHostBuffer(plain);
            assertEquals(0, OpenClResources.inPlaceHostBuffers(inPlace) + OpenClResources.pinnedHostBuffers(inPlace), "released");
            inPlace.allocateHostBuffer(64); // left out: closing releases it
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> cpu.allocateHostBuffer(0));
    }

    /** The work-group size rule, worked out by hand for GPUs (warps of 32, wavefronts of 64) and CPU devices. */
    @Test
    void theWorkGroupSizeComesFromThePreferredMultipleAndTheKernelLimit() {
        assertEquals(256, FillLauncher.workGroupSize(32, 1024, false), "NVIDIA: 8 warps");
        assertEquals(256, FillLauncher.workGroupSize(64, 256, false), "AMD: 4 wavefronts");
        assertEquals(128, FillLauncher.workGroupSize(32, 128, false), "a kernel limited to 128 work-items");
        assertEquals(240, FillLauncher.workGroupSize(48, 1024, false), "the largest multiple of 48 up to 256");
        assertEquals(96, FillLauncher.workGroupSize(32, 100, false), "a limit that is not a multiple");
        assertEquals(512, FillLauncher.workGroupSize(512, 1024, false), "a multiple above 256 is one multiple");
        assertEquals(100, FillLauncher.workGroupSize(512, 100, false), "a limit below the multiple is the limit");
        assertEquals(8, FillLauncher.workGroupSize(8, 4096, true), "CPU devices: one multiple");
        assertEquals(1, FillLauncher.workGroupSize(0, 0, false), "nonsense from a driver is one work-item");
        try (OpenClBackend gpu = new OpenClBackend(device)) {
            long local = gpu.localWorkSize();
            assertTrue(local >= 1 && local <= 1024, "this device's work-group size: " + local);
        }
    }

    @Test
    void blockIndicesBeyond32BitsCarryIntoTheSecondCounterWord() {
        // Blocks 2^32 - 40 .. 2^32 + 40: the low counter word wraps inside a 16-wide work-item.
        long start = ((1L << 32) - 40) * 4 + 1;
        int count = 321;
        for (Distribution distribution : Distribution.values()) {
            FillSpec spec = FillSpec.unit(3L, 4L, distribution);
            for (int width : new int[] {1, 16}) {
                try (OpenClBackend gpu = new OpenClBackend(device, OpenClOptions.defaults().withBlocksPerWorkItem(width))) {
                    assertSameBytes(spec, start, count, gpu);
                    assertSameBytes(spec, 1L << 50, count, gpu);
                }
            }
        }
    }

    @Test
    void integerFloat64PathWidensSubnormalsExactly() {
        // b = 2^-140 makes most values subnormal floats: the widening's hardest inputs.
        FillSpec spec = new FillSpec(8L, 0L, Distribution.NORMAL, 0f, 0x1p-140f, DType.FLOAT64);
        try (OpenClBackend gpu = new OpenClBackend(device, OpenClOptions.defaults().withIntegerFloat64(true))) {
            assertSameBytes(spec, 3, 50_001, gpu);
        }
    }

    @Test
    void fillsACallersBufferAtAnOffset() {
        FillSpec spec = new FillSpec(77L, 1L, Distribution.UNIFORM, -1f, 2f, DType.FLOAT32);
        try (OpenClBackend gpu = new OpenClBackend(device); DeviceTensor target = gpu.allocate(1000, DType.FLOAT32)) {
            OpenClInterop.enqueueFill(gpu, FillSpec.unit(1L, 1L, Distribution.NORMAL), 0, 1000, OpenClInterop.memory(target), 0);
            OpenClInterop.enqueueFill(gpu, spec, 10, 500, OpenClInterop.memory(target), 123);
            gpu.finish();
            float[] all = target.toFloatArray();
            float[] around = cpu.generateFloats(FillSpec.unit(1L, 1L, Distribution.NORMAL), 0, 1000);
            float[] expected = cpu.generateFloats(spec, 10, 500);
            for (int i = 0; i < 1000; i++) {
                float want = i >= 123 && i < 623 ? expected[i - 123] : around[i];
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(all[i]), "element " + i);
            }
        }
    }

    @Test
    void generatedDeviceTensorMatchesAndIsReleased() {
        FillSpec spec = FillSpec.unit(11L, 0L, Distribution.TRUNCATED_NORMAL);
        try (OpenClBackend gpu = new OpenClBackend(device)) {
            try (DeviceTensor tensor = gpu.generate(spec, 5, 12_345)) {
                float[] values = tensor.toFloatArray();
                float[] expected = cpu.generateFloats(spec, 5, 12_345);
                for (int i = 0; i < values.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(values[i]), "element " + i);
                }
                assertEquals(1, gpu.openTensorCount());
            }
            assertEquals(0, gpu.openTensorCount());
        }
    }

    @Test
    void deviceReportsWhetherItIsBitExact() {
        // PoCL and every conformant full-profile device with correctly rounded divide/sqrt qualify.
        System.out.println(device.describe() + ": bit-exact " + device.bitExact());
        try (OpenClBackend gpu = new OpenClBackend(device)) {
            String options = gpu.programs().fillOptions(Distribution.NORMAL, DType.FLOAT32);
            assertEquals(device.bitExact(), options.contains("-cl-fp32-correctly-rounded-divide-sqrt"), options);
        }
        assertTrue(device.maxAllocationBytes() > 0 && device.globalMemoryBytes() >= device.maxAllocationBytes());
    }

    private static void assertSameBytes(FillSpec spec, long start, int count, OpenClBackend gpu) {
        ByteBuffer expected = bytes(spec, count);
        cpu.fill(spec, start, expected);
        ByteBuffer actual = bytes(spec, count);
        gpu.fill(spec, start, actual);
        if (!expected.equals(actual)) {
            int bytes = spec.dtype().bytes();
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < bytes; k++) {
                    if (expected.get(i * bytes + k) != actual.get(i * bytes + k)) {
                        throw new AssertionError(spec + " [" + start + ", +" + count + ") on " + gpu.description()
                                + " width " + gpu.blocksPerWorkItem() + ": element " + (start + i) + " differs");
                    }
                }
            }
        }
    }

    private static ByteBuffer bytes(FillSpec spec, int count) {
        return ByteBuffer.allocateDirect(count * spec.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    }
}
