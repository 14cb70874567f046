package dev.weightinit.keras;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract, every initializer: the list below feeds each test. */
class InitializerContractTest {
    private static CpuBackend cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    /** Every Keras initializer class, seeded where it takes a seed, with a shape it accepts. */
    static Stream<Arguments> initializers() {
        Shape matrix = Shape.of(37, 23);
        Shape conv = Shape.of(3, 3, 5, 7);
        return Stream.of(
                Arguments.of(new Zeros(), conv),
                Arguments.of(new Ones(), conv),
                Arguments.of(new Constant(-2.75), conv),
                Arguments.of(new RandomNormal(0.5, 2.0, 1L), conv),
                Arguments.of(new RandomUniform(-1.0, 3.0, 2L), conv),
                Arguments.of(new TruncatedNormal(-0.5, 0.25, 3L), conv),
                Arguments.of(new VarianceScaling(0.5, "fan_avg", "uniform", 4L), conv),
                Arguments.of(new VarianceScaling(1.5, "fan_out", "untruncated_normal", 4L, List.of(0, 1), List.of(3)), conv),
                Arguments.of(new GlorotNormal(5L), conv),
                Arguments.of(new GlorotUniform(6L), conv),
                Arguments.of(new HeNormal(7L), conv),
                Arguments.of(new HeUniform(8L), conv),
                Arguments.of(new LecunNormal(9L), conv),
                Arguments.of(new LecunUniform(10L), conv),
                Arguments.of(new Orthogonal(1.5, 11L), matrix),
                Arguments.of(new Orthogonal(1.0, 12L), Shape.of(3, 3, 2, 40)),
                Arguments.of(new Identity(2.0), matrix),
                Arguments.of(new STFT("imag", "hamming", "spectrum", true), Shape.of(16, 2, 9)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("initializers")
    void sameValuesEveryCall(Initializer initializer, Shape shape) {
        assertArrayEquals(initializer.generate(shape, cpu), initializer.generate(shape, cpu));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("initializers")
    void configAndJsonRoundTripToTheSameValues(Initializer initializer, Shape shape) {
        Initializer fromConfig = Initializers.fromConfig(initializer.className(), initializer.getConfig());
        assertEquals(initializer.getConfig(), fromConfig.getConfig());
        assertArrayEquals(initializer.generate(shape, cpu), fromConfig.generate(shape, cpu));
        Initializer fromJson = Initializers.parse(Initializers.toJson(initializer), null);
        assertEquals(initializer.className(), fromJson.className());
        assertArrayEquals(initializer.generate(shape, cpu), fromJson.generate(shape, cpu));
        assertEquals("keras.initializers", Initializers.serialize(initializer).get("module"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("initializers")
    void slicesEqualTheWholeTensorInEveryDtype(Initializer initializer, Shape shape) {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT64)) {
            TensorSpec tensor = TensorSpec.named("block.0.weight", shape, dtype);
            int n = (int) shape.elementCount();
            int bytes = dtype.bytes();
            ByteBuffer whole = ByteBuffer.allocate(n * bytes);
            initializer.fill(tensor, 0, whole, cpu);
            SplittableRandom random = new SplittableRandom(n);
            for (int trial = 0; trial < 10; trial++) {
                int start = random.nextInt(n);
                int count = 1 + random.nextInt(n - start);
                ByteBuffer slice = ByteBuffer.allocate(count * bytes);
                initializer.fill(tensor, start, slice, cpu);
                assertEquals(whole.slice(start * bytes, count * bytes), slice, dtype + " slice [" + start + ", +" + count + ")");
            }
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("initializers")
    void openClDeviceWritesTheSameBits(Initializer initializer, Shape shape) {
        try (OpenClBackend device = new OpenClBackend(OpenClTestDevices.require())) {
            for (DType dtype : List.of(DType.FLOAT32, DType.BFLOAT16)) {
                TensorSpec tensor = TensorSpec.named("layer", shape, dtype);
                int bytes = (int) shape.elementCount() * dtype.bytes();
                ByteBuffer expected = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                initializer.fill(tensor, 0, expected, cpu);
                ByteBuffer viaHost = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                initializer.fill(tensor, 0, viaHost, device);
                assertEquals(expected, viaHost, dtype + " through the device backend");
                try (DeviceBuffer onDevice = initializer.generate(tensor, device)) {
                    ByteBuffer read = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    onDevice.read(0, read);
                    assertEquals(expected, read, dtype + " into a device tensor");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("initializers")
    void javaFallbackBuffersHoldTheSameBitsAtAnOffset(Initializer initializer, Shape shape) {
        TensorSpec tensor = TensorSpec.named("layer", shape, DType.FLOAT16);
        long n = shape.elementCount();
        ByteBuffer expected = ByteBuffer.allocateDirect((int) n * 2).order(ByteOrder.LITTLE_ENDIAN);
        initializer.fill(tensor, 0, expected, cpu);
        try (DeviceBuffer buffer = cpu.allocate(n + 7, DType.FLOAT16)) {
            initializer.fill(tensor, 0, n, cpu, buffer, 7);
            ByteBuffer read = ByteBuffer.allocateDirect((int) n * 2).order(ByteOrder.LITTLE_ENDIAN);
            buffer.read(7, read);
            assertEquals(expected, read);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("initializers")
    void generateBytesIsTheWholeTensorInTheDtype(Initializer initializer, Shape shape) {
        TensorSpec tensor = TensorSpec.named("t", shape, DType.FLOAT16);
        ByteBuffer expected = ByteBuffer.allocate((int) shape.elementCount() * 2);
        initializer.fill(tensor, 0, expected, cpu);
        ByteBuffer bytes = initializer.generateBytes(tensor, cpu);
        assertEquals(0, bytes.position());
        assertEquals(ByteOrder.LITTLE_ENDIAN, bytes.order());
        assertEquals(expected, bytes);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("initializers")
    void copyKeepsAGivenSeed(Initializer initializer, Shape shape) {
        assertArrayEquals(initializer.generate(shape, cpu), initializer.copy().generate(shape, cpu));
    }

    @Test
    void unseededInitializersDrawASeedOnceAndCopiesDrawAnew() {
        RandomNormal unseeded = new RandomNormal();
        assertNull(unseeded.getConfig().get("seed"), "Keras keeps seed None in the config");
        Shape shape = Shape.of(64);
        assertArrayEquals(unseeded.generate(shape, cpu), unseeded.generate(shape, cpu));
        RandomNormal copy = (RandomNormal) unseeded.copy();
        assertNotEquals(unseeded.seed().value(), copy.seed().value());
        assertFalse(java.util.Arrays.equals(unseeded.generate(shape, cpu), copy.generate(shape, cpu)));
        RandomNormal reproduced = new RandomNormal(0.0, 0.05, unseeded.seed().value());
        assertArrayEquals(unseeded.generate(shape, cpu), reproduced.generate(shape, cpu), "the drawn seed reproduces the values");
    }

    @Test
    void namedTensorsGetTheirOwnStreams() {
        Initializer he = new HeNormal(1L);
        ByteBuffer a = ByteBuffer.allocate(400);
        ByteBuffer b = ByteBuffer.allocate(400);
        he.fill(TensorSpec.named("encoder.weight", Shape.of(10, 10), DType.FLOAT32), 0, a, cpu);
        he.fill(TensorSpec.named("decoder.weight", Shape.of(10, 10), DType.FLOAT32), 0, b, cpu);
        assertNotEquals(a, b);
    }
}
