package dev.weightinit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.Distribution;
import dev.weightinit.keras.HeNormal;
import dev.weightinit.keras.Orthogonal;
import dev.weightinit.keras.RandomUniform;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Keras-style calls that return Java arrays ({@code generate} as {@code float[]},
 * {@code generateHalves} as {@code short[]}) give, on every backend, exactly the values of the
 * tensor written as bytes, for initializers computed on the device and on the host.
 */
class GenerateArraysTest {
    private static final Shape SHAPE = Shape.of(300, 437); // 131,100 elements: past several chunks and tasks

    private static List<Initializer> initializers() {
        return List.of(new HeNormal(7), new RandomUniform(-0.5, 0.5, 3), new Orthogonal(1.0, 11));
    }

    private static void checkBackend(Backend backend) {
        for (Initializer initializer : initializers()) {
            float[] floats = initializer.generate(SHAPE, backend);
            ByteBuffer bytes = initializer.generateBytes(TensorSpec.of(SHAPE, DType.FLOAT32), backend);
            org.junit.jupiter.api.Assertions.assertTrue(bytes.hasArray() && !bytes.isDirect(), "a heap buffer");
            assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, bytes.order());
            assertEquals(0, bytes.position());
            assertEquals(4 * SHAPE.elementCount(), bytes.limit());
            float[] expected = new float[floats.length];
            bytes.asFloatBuffer().get(expected);
            assertArrayEquals(expected, floats, initializer.className() + " float32 on " + backend.id());
            for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
                short[] halves = initializer.generateHalves(SHAPE, half, backend);
                ByteBuffer halfBytes = initializer.generateBytes(TensorSpec.of(SHAPE, half), backend);
                short[] expectedHalves = new short[halves.length];
                halfBytes.asShortBuffer().get(expectedHalves);
                assertArrayEquals(expectedHalves, halves, initializer.className() + " " + half.specName() + " on " + backend.id());
            }
        }
    }

    @Test
    void arraysEqualTheBytesOnTheJavaFallback() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            checkBackend(cpu);
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void arraysEqualTheBytesOnOpenCl() {
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require())) {
            checkBackend(gpu);
        }
    }

    /** A backend that only fills byte buffers gets the array calls through the interface's defaults, with the same values. */
    @Test
    void theDefaultArrayPathsGiveTheSameValues() {
        try (CpuBackend cpu = new CpuBackend(2)) {
            Backend bytesOnly = new dev.weightinit.backend.ForwardingBackend(cpu) {
            };
            FillSpec floats = new FillSpec(3L, 4L, Distribution.NORMAL, 0f, 1f, DType.FLOAT32);
            int count = (1 << 22) + 77; // past the defaults' 2^22-element chunk
            float[] expected = cpu.generateFloats(floats, 9, count);
            float[] viaDefault = new float[count + 3];
            bytesOnly.fill(floats, 9, viaDefault, 3, count);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(viaDefault, 3, count + 3));
            FillSpec halves = floats.withDtype(DType.FLOAT16);
            short[] direct = new short[count];
            short[] defaults = new short[count];
            cpu.fill(halves, 9, direct, 0, count);
            bytesOnly.fill(halves, 9, defaults, 0, count);
            assertArrayEquals(direct, defaults);
        }
    }

    @Test
    void halvesAreRefusedForOtherDtypesAndBadRanges() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new HeNormal(1).generateHalves(SHAPE, DType.FLOAT32, cpu));
            assertEquals("a short[] destination holds float16 or bfloat16 bits, not float32", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new dev.weightinit.keras.Zeros()
                    .generateBytes(TensorSpec.of(Shape.of(Initializer.MAX_ARRAY_ELEMENTS / 2 + 1), DType.FLOAT16), cpu));
            assertEquals("tensor (" + (Initializer.MAX_ARRAY_ELEMENTS / 2 + 1) + ",) of float16 is " + 2 * (Initializer.MAX_ARRAY_ELEMENTS / 2 + 1)
                    + " bytes: a buffer holds at most 2^31 - 9; fill slices or a device buffer instead", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Orthogonal(1.0, 2).generateHalves(Shape.of(4, 4), DType.FLOAT64, cpu));
            FillSpec spec = new FillSpec(1L, 2L, Distribution.NORMAL, 0f, 1f, DType.BFLOAT16);
            e = assertThrows(IllegalArgumentException.class, () -> cpu.fill(spec, 0, new short[10], 8, 3));
            assertEquals("offset 8 and count 3 do not fit an array of length 10", e.getMessage());
            short[] into = new short[10];
            cpu.fill(spec, 5, into, 2, 6);
            assertEquals(0, into[0] | into[1] | into[8] | into[9], "only [2, 8) is written");
            ByteBuffer expected = ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            cpu.fill(spec, 5, expected);
            for (int i = 0; i < 6; i++) {
                assertEquals(expected.getShort(2 * i), into[2 + i], "element " + (5 + i));
            }
        }
    }
}
