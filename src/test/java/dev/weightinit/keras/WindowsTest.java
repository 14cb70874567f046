package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Windows}: SciPy's windows, printed by {@code scipy.signal.get_window(name, n, fftbins=periodic)} (SciPy 1.17.1), written out. */
@ExtendWith(CpuBackendFixture.class)
class WindowsTest {
    private final CpuBackend cpu;

    WindowsTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void windowsAreScipys() {
        assertWindow("hann", 4, false, 0.0, 0.75, 0.7500000000000002, 0.0);
        assertWindow("hann", 4, true, 0.0, 0.5, 1.0, 0.5);
        assertWindow("hann", 5, false, 0.0, 0.5, 1.0, 0.5, 0.0);
        assertWindow("hann", 5, true, 0.0, 0.34549150281252633, 0.9045084971874737, 0.9045084971874737, 0.34549150281252633);
        assertWindow("hamming", 4, false, 0.08000000000000007, 0.77, 0.7700000000000002, 0.08000000000000007);
        assertWindow("hamming", 4, true, 0.08000000000000007, 0.54, 1.0, 0.54);
        assertWindow("hamming", 5, false, 0.08000000000000007, 0.54, 1.0, 0.54, 0.08000000000000007);
        assertWindow("hamming", 5, true, 0.08000000000000007, 0.3978521825875243, 0.9121478174124759, 0.9121478174124759, 0.3978521825875243);
        assertWindow("blackman", 4, false, -1.3877787807814457e-17, 0.6299999999999999, 0.6300000000000002, -1.3877787807814457e-17);
        assertWindow("blackman", 4, true, -1.3877787807814457e-17, 0.34, 0.9999999999999999, 0.34);
        assertWindow("blackman", 5, false, -1.3877787807814457e-17, 0.34, 0.9999999999999999, 0.34, -1.3877787807814457e-17);
        assertWindow("blackman", 5, true, -1.3877787807814457e-17, 0.2007701432625305, 0.8492298567374694, 0.8492298567374694, 0.2007701432625305);
        assertWindow("bartlett", 4, false, 0.0, 0.6666666666666666, 0.6666666666666667, 0.0);
        assertWindow("bartlett", 4, true, 0.0, 0.5, 1.0, 0.5);
        assertWindow("bartlett", 5, false, 0.0, 0.5, 1.0, 0.5, 0.0);
        assertWindow("bartlett", 5, true, 0.0, 0.4, 0.8, 0.8, 0.3999999999999999);
        assertWindow("boxcar", 4, false, 1.0, 1.0, 1.0, 1.0);
        assertWindow("boxcar", 4, true, 1.0, 1.0, 1.0, 1.0);
        assertWindow("boxcar", 5, false, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertWindow("boxcar", 5, true, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertWindow("triang", 4, false, 0.25, 0.75, 0.75, 0.25);
        assertWindow("triang", 4, true, 0.3333333333333333, 0.6666666666666666, 1.0, 0.6666666666666666);
        assertWindow("triang", 5, false, 0.3333333333333333, 0.6666666666666666, 1.0, 0.6666666666666666, 0.3333333333333333);
        assertWindow("triang", 5, true, 0.16666666666666666, 0.5, 0.8333333333333334, 0.8333333333333334, 0.5);
        assertWindow("cosine", 4, false, 0.3826834323650898, 0.9238795325112867, 0.9238795325112867, 0.3826834323650899);
        assertWindow("cosine", 4, true, 0.3090169943749474, 0.8090169943749475, 1.0, 0.8090169943749475);
        assertWindow("cosine", 5, false, 0.3090169943749474, 0.8090169943749475, 1.0, 0.8090169943749475, 0.3090169943749475);
        assertWindow("cosine", 5, true, 0.25881904510252074, 0.7071067811865475, 0.9659258262890682, 0.9659258262890683, 0.7071067811865476);
        assertWindow("hann", 1, true, 1.0);
        assertWindow("hann", 1, false, 1.0);
        assertWindow("hann", 0, false);
        assertWindow("triang", 2, false, 0.5, 0.5);
        assertWindow("bartlett", 2, false, 0.0, 0.0);
        assertEquals("STFT argument window is 'kaiser': expected one of " + Windows.NAMES + ", a list of numbers, or null",
                message(() -> Windows.get("kaiser", 4, false)));
    }

    private static void assertWindow(String name, int length, boolean periodic, double... expected) {
        double[] actual = Windows.get(name, length, periodic);
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-15, name + "(" + length + ", periodic " + periodic + ")[" + i + "]");
        }
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
