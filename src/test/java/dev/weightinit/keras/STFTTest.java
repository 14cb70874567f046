package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link STFT}: the kernel's norms (the window's L2 and L1) and limits, and the dtype range check of the host-computed initializers (STFT, Orthogonal), every expected value written out. */
@ExtendWith(CpuBackendFixture.class)
class STFTTest {
    private final CpuBackend cpu;

    STFTTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    /** kernel[t, c, f] = trig(-2 pi t f / (2 (F - 1))) * w[t] / s, s the L2 (density) or L1 (spectrum) norm of w. */
    @Test
    void stftNormsAreTheWindowsL2AndL1() {
        List<Double> window = List.of(1.0, -3.0, 2.0, 0.5);
        double l2 = Math.sqrt(1 + 9 + 4 + 0.25);
        double l1 = 1 + 3 + 2 + 0.5;
        Shape shape = Shape.of(4, 2, 3); // F = 3: fft_length 4
        for (String side : List.of("real", "imag")) {
            for (String scaling : new String[] {"density", "spectrum", null}) {
                double s = scaling == null ? 1 : scaling.equals("density") ? l2 : l1;
                float[] values = new STFT(side, window, scaling, false).generate(shape, cpu);
                for (int t = 0; t < 4; t++) {
                    for (int c = 0; c < 2; c++) {
                        for (int f = 0; f < 3; f++) {
                            double angle = -2 * Math.PI * t * f / 4.0;
                            double expected = (side.equals("real") ? Math.cos(angle) : Math.sin(angle)) * window.get(t) / s;
                            assertEquals((float) expected, values[(t * 2 + c) * 3 + f], 1e-7, side + " " + scaling + " t" + t + " c" + c + " f" + f);
                        }
                    }
                }
            }
        }
        // A named window: hann(4) symmetric is [0, 0.75, 0.75, 0], its L2 norm sqrt(1.125).
        float[] hann = new STFT("real", "hann", "density", false).generate(Shape.of(4, 1, 2), cpu);
        assertEquals((float) (0.75 / Math.sqrt(1.125)), hann[2], 1e-7);
        assertEquals((float) (-0.75 / Math.sqrt(1.125)), hann[3], 1e-7, "cos(-pi) at t = 1, f = 1");
        assertEquals("hann", new STFT("real", "hann", "density", false).window());
        assertNull(new STFT("real", (String) null, null, false).window());
        assertEquals(window, new STFT("real", window, null, false).window());
    }

    @Test
    void stftRefusesShapesAndWindowsItCannotMake() {
        String shapes = "STFT needs a shape (frame_length, channels, fft_length // 2 + 1) with the last dimension >= 2, not ";
        assertEquals(shapes + "(4, 1, 1)", message(() -> new STFT().generate(Shape.of(4, 1, 1), cpu)));
        assertEquals(shapes + "(4, 2)", message(() -> new STFT().generate(Shape.of(4, 2), cpu)));
        assertEquals(shapes + "(4, 1, 2, 2)", message(() -> new STFT().generate(Shape.of(4, 1, 2, 2), cpu)));
        ByteBuffer four = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("STFT frame_length 16777217 of shape (16777217, 1, 2) is above 2^24: the window is computed whole on the host",
                message(() -> new STFT().fill(TensorSpec.of(Shape.of((1 << 24) + 1, 1, 2), DType.FLOAT32), 0, four, cpu)));
        new STFT("real", "boxcar", null, false).fill(TensorSpec.of(Shape.of(1 << 24, 1, 2), DType.FLOAT32), 0, four.clear(), cpu);
        assertEquals(1.0f, four.getFloat(0), "2^24 frames are allowed");
        assertEquals("STFT window has 3 values: it must have frame_length = 4",
                message(() -> new STFT("real", List.of(1, 2, 3), null, false).generate(Shape.of(4, 1, 2), cpu)));
        // The window in the 0/0 message is shown whole up to 80 characters: 16 zeros print as exactly 80.
        List<Double> sixteen = Collections.nCopies(16, 0.0);
        assertEquals(80, sixteen.toString().length());
        assertEquals("STFT window " + sixteen + " of 16 frames has spectrum norm 0.0: the kernel would be 0/0 (NaN); use a window with "
                + "a nonzero value", message(() -> new STFT("real", sixteen, "spectrum", false).generate(Shape.of(16, 1, 2), cpu)));
        assertEquals("STFT window [1.0E200, 1.0E200] of 2 frames has density norm Infinity: the kernel would be 0/0 (NaN); use a window "
                + "with a nonzero value", message(() -> new STFT("real", List.of(1e200, 1e200), "density", false).generate(Shape.of(2, 1, 2),
                cpu)), "an overflowing norm");
        List<Double> seventeen = Collections.nCopies(17, 0.0);
        assertEquals("STFT window " + seventeen.toString().substring(0, 77) + "... of 17 frames has density norm 0.0: the kernel would "
                + "be 0/0 (NaN); use a window with a nonzero value",
                message(() -> new STFT("real", seventeen, "density", false).generate(Shape.of(17, 1, 2), cpu)));
    }

    /** float16 holds up to 65504: an initializer whose values could go past it is refused before anything is written. */
    @Test
    void hostComputedValuesMustFitTheDtype() {
        TensorSpec half = TensorSpec.of(Shape.of(4, 1, 2), DType.FLOAT16);
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        List<Double> big = List.of(1.0, -70000.0, 2.0, 3.0);
        assertTrue(message(() -> new STFT("real", big, null, false).fill(half, 0, bytes, cpu)).contains(
                "writes values up to 70000.0 into (4, 1, 2): beyond what float16 holds (65504.0)"));
        new STFT("real", List.of(1.0, -60000.0, 2.0, 3.0), null, false).fill(half, 0, bytes, cpu);
        new STFT("real", List.of(70000.0, 70000.0, 70000.0, 70000.0), "spectrum", false).fill(half, 0, bytes, cpu); // scaled: at most 1
        new STFT("real", "hann", null, false).fill(half, 0, bytes, cpu);
        new STFT("real", (String) null, null, false).fill(half, 0, bytes, cpu);
        TensorSpec square = TensorSpec.of(Shape.of(4, 4), DType.FLOAT16);
        ByteBuffer squareBytes = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(message(() -> new Orthogonal(-70000.0, 1).fill(square, 0, squareBytes, cpu)).contains("writes values up to 70000.0"));
        new Orthogonal(-60000.0, 1).fill(square, 0, squareBytes, cpu);
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
