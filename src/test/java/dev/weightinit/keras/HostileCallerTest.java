package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.DeviceTensor;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClInterop;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java API as a careless or malicious caller uses it: a clear exception, never a crash, a hang or wrong data. */
class HostileCallerTest {

    static Stream<String> backends() {
        return Stream.of("cpu", "opencl");
    }

    private static Backend open(String kind) {
        return kind.equals("cpu") ? new CpuBackend(2) : new OpenClBackend(OpenClTestDevices.require());
    }

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void aCallersClMemIsBoundsCheckedNotOverrun() {
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require());
             DeviceTensor small = gpu.allocate(16, DType.FLOAT32)) {
            FillSpec spec = FillSpec.unit(1L, 2L, Distribution.NORMAL);
            assertRejected(() -> OpenClInterop.enqueueFill(gpu, spec, 0, 1 << 22, OpenClInterop.memory(small), 0), "64 bytes");
            assertRejected(() -> OpenClInterop.enqueueFill(gpu, spec, 0, 4, OpenClInterop.memory(small), 1L << 40), "do not fit");
            OpenClInterop.enqueueFill(gpu, spec, 0, 16, OpenClInterop.memory(small), 0);
            gpu.finish();
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @ParameterizedTest
    @MethodSource("backends")
    void readOnlyDestinationsAreRefusedOnEveryBackend(String kind) {
        TensorSpec tensor = TensorSpec.of(Shape.of(64), DType.FLOAT32);
        try (Backend backend = open(kind)) {
            ByteBuffer readOnly = ByteBuffer.allocateDirect(256).asReadOnlyBuffer();
            assertRejected(() -> backend.fill(FillSpec.unit(1L, 0L, Distribution.UNIFORM), 0, readOnly), "read-only");
            for (Initializer initializer : List.of(new HeNormal(1), new Identity(), new Orthogonal(1.0, 2), new Zeros())) {
                assertRejected(() -> initializer.fill(TensorSpec.of(Shape.of(8, 8), DType.FLOAT32), 0, readOnly, backend), "read-only");
            }
            assertRejected(() -> new HeNormal(1).fill(tensor, 0, null, backend), "null");
        }
    }

    /** close() on one thread while another fills: the fill finishes or fails with IllegalStateException; no crash, no hang. */
    @org.junit.jupiter.api.Tag("opencl")
    @ParameterizedTest
    @MethodSource("backends")
    void closeDuringAFillWaitsOrFailsCleanly(String kind) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                Backend backend = open(kind);
                ByteBuffer big = ByteBuffer.allocateDirect(4 << 22).order(ByteOrder.LITTLE_ENDIAN);
                CountDownLatch started = new CountDownLatch(1);
                Future<?> filler = threads.submit(() -> {
                    started.countDown();
                    for (int i = 0; i < 4; i++) {
                        try {
                            backend.fill(FillSpec.unit(i, 0L, Distribution.NORMAL), 0, big);
                        } catch (IllegalStateException closed) {
                            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
                            return null;
                        }
                    }
                    return null;
                });
                started.await();
                Thread.sleep(round);
                Future<?> closer = threads.submit(backend::close);
                closer.get(60, TimeUnit.SECONDS);
                filler.get(60, TimeUnit.SECONDS);
                IllegalStateException after = assertThrows(IllegalStateException.class,
                        () -> backend.fill(FillSpec.unit(1L, 0L, Distribution.NORMAL), 0, ByteBuffer.allocateDirect(16)));
                assertTrue(after.getMessage().contains("backend is closed") && after.getMessage().contains(kind.equals("cpu") ? "cpu" : "opencl"),
                        after.getMessage());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @ParameterizedTest
    @MethodSource("backends")
    void everyCallAfterCloseThrowsNamingTheBackend(String kind) {
        Backend backend = open(kind);
        DeviceBuffer buffer = backend.allocate(16, DType.FLOAT32);
        backend.close();
        TensorSpec tensor = TensorSpec.of(Shape.of(4, 4), DType.FLOAT32);
        List<Executable> calls = List.of(
                () -> new HeNormal(1).generate(Shape.of(4, 4), backend),
                () -> new Identity().generate(Shape.of(4, 4), backend),
                () -> new Orthogonal(1.0, 3).generate(Shape.of(4, 4), backend),
                () -> new Ones().fill(tensor, 0, 16, backend, buffer, 0),
                () -> new Identity().fill(tensor, 0, 16, backend, buffer, 0),
                () -> backend.allocate(4, DType.FLOAT32));
        for (Executable call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("backend is closed"), e.getMessage());
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void sizesAndShapesNeverWrap() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            assertRejected(() -> new Zeros().generateBytes(TensorSpec.of(Shape.of((1L << 61) + 1), DType.FLOAT64), cpu),
                    "more than 2^63 - 1 bytes");
            assertRejected(() -> cpu.allocate(Long.MAX_VALUE, DType.FLOAT64), "do not fit");
            assertRejected(() -> cpu.generateFloats(FillSpec.unit(1L, 0L, Distribution.UNIFORM), 0, -1), "count -1");
            Shape pastAnArray = Shape.of(Initializer.MAX_ARRAY_ELEMENTS + 1);
            for (Initializer init : new Initializer[] {new Zeros(), new Orthogonal()}) { // elementwise and host-computed
                assertRejected(() -> init.generate(pastAnArray, cpu), "has " + (Initializer.MAX_ARRAY_ELEMENTS + 1) + " elements",
                        "a float[] holds at most " + Initializer.MAX_ARRAY_ELEMENTS);
            }
        }
        for (Object bad : new Object[] {2.7, Double.NaN, 1e30, new java.math.BigInteger("18446744073709551619")}) {
            List<Object> dims = new java.util.ArrayList<>();
            dims.add(3);
            dims.add(bad);
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<Number> numbers = (List) dims;
            assertRejected(() -> Shape.of(numbers), "at axis 1");
        }
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require())) {
            assertRejected(() -> gpu.allocate(Long.MAX_VALUE, DType.FLOAT64), "2^63 - 1");
        }
    }

    @Test
    void argumentsThatWouldWriteInfinitiesOrNanAreRefusedNamingTheParameter() {
        assertRejected(() -> new Identity(1e39), "gain", "float32");
        assertRejected(() -> new Identity(-1e308), "gain");
        assertRejected(() -> new Orthogonal(1e39, 1), "gain");
        assertRejected(() -> new RandomNormal(3e38, 1e38, 1), "mean", "stddev", "float32");
        assertRejected(() -> new TruncatedNormal(3e38, 1e38, 1), "mean", "stddev");
        assertRejected(() -> new RandomUniform(-3e38, 3e38, 1), "minval", "maxval", "apart");
        try (CpuBackend cpu = new CpuBackend(1)) {
            // float32 holds these, float16 does not: refused for that dtype only, naming the config.
            TensorSpec half = TensorSpec.of(Shape.of(8, 8), DType.FLOAT16);
            assertRejected(() -> new RandomNormal(0, 20000, 1).fill(half, 0, ByteBuffer.allocate(128), cpu), "RandomNormal", "float16");
            assertRejected(() -> new Identity(1e5).fill(half, 0, ByteBuffer.allocate(128), cpu), "Identity", "float16");
            new RandomNormal(0, 20000, 1).generate(Shape.of(8, 8), cpu);
            // A window that normalizes to 0/0.
            assertRejected(() -> new STFT("real", List.of(0, 0, 0), "density", false).generate(Shape.of(3, 1, 2), cpu), "0/0");
            assertRejected(() -> new STFT("real", "bartlett", "density", false).generate(Shape.of(2, 1, 2), cpu), "0/0");
        }
    }

    @Test
    void oneBufferRuleForEveryInitializer() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            TensorSpec tensor = TensorSpec.of(Shape.of(8, 8), DType.FLOAT32);
            for (Initializer initializer : List.of(new HeNormal(1), new Identity(), new Orthogonal(1.0, 2), new Constant(3))) {
                assertRejected(() -> initializer.fill(tensor, 0, ByteBuffer.allocate(10), cpu), "10 bytes", "not a multiple of 4");
                assertRejected(() -> initializer.fill(tensor, 60, ByteBuffer.allocate(32), cpu), "outside tensor");
            }
        }
    }

    @Test
    void hugeOrStrangeInputsGiveShortIllegalArgumentExceptions() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            assertRejected(() -> new STFT().fill(TensorSpec.of(Shape.of(1L << 31, 1, 2), DType.FLOAT32), 0, ByteBuffer.allocate(16), cpu),
                    "frame_length", "2^24");
            assertRejected(() -> new STFT().fill(TensorSpec.of(Shape.of(1L << 30, 1, 2), DType.FLOAT32), 0, ByteBuffer.allocate(16), cpu),
                    "frame_length");
        }
        String name = "x".repeat(30_000_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get(name));
        assertTrue(e.getMessage().length() < 2000, "message of " + e.getMessage().length() + " characters");
        Map<Object, Object> config = new HashMap<>();
        config.put(5, 1.0);
        Supplier<Object> call = () -> Initializers.get(Map.of("class_name", "RandomNormal", "config", config));
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, call::get);
        assertTrue(key.getMessage().contains("key 5 of type Integer"), key.getMessage());
        assertEquals(IllegalArgumentException.class, key.getClass());
    }
}
