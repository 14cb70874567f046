package dev.weightinit.keras;

import java.util.List;

/**
 * The window functions of {@code scipy.signal.get_window(name, length, fftbins=periodic)} that the
 * STFT initializer accepts by name, computed in double as SciPy does: a periodic window is the
 * symmetric window of {@code length + 1} points without its last point.
 */
final class Windows {
    static final List<String> NAMES = List.of("hann", "hamming", "blackman", "bartlett", "boxcar", "triang", "cosine");

    private Windows() {
    }

    /**
     * @throws IllegalArgumentException naming the window and the supported names
     */
    static double[] get(String name, int length, boolean periodic) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("STFT argument window is '" + name + "': expected one of " + NAMES
                    + ", a list of numbers, or null");
        }
        if (length <= 1) {
            return length == 1 ? new double[] {1.0} : new double[0];
        }
        int m = periodic ? length + 1 : length;
        double[] w = symmetric(name, m);
        return periodic ? java.util.Arrays.copyOf(w, length) : w;
    }

    private static double[] symmetric(String name, int m) {
        double[] w = new double[m];
        switch (name) {
            case "hann" -> cosineSum(w, 0.5, 0.5, 0.0);
            case "hamming" -> cosineSum(w, 0.54, 0.46, 0.0);
            case "blackman" -> cosineSum(w, 0.42, 0.50, 0.08);
            case "bartlett" -> {
                for (int n = 0; n < m; n++) {
                    w[n] = n <= (m - 1) / 2.0 ? 2.0 * n / (m - 1) : 2.0 - 2.0 * n / (m - 1);
                }
            }
            case "boxcar" -> java.util.Arrays.fill(w, 1.0);
            case "triang" -> {
                int half = (m + 1) / 2;
                for (int n = 1; n <= half; n++) {
                    double value = m % 2 == 0 ? (2.0 * n - 1.0) / m : 2.0 * n / (m + 1.0);
                    w[n - 1] = value;
                    w[m - n] = value;
                }
            }
            default -> { // cosine
                for (int n = 0; n < m; n++) {
                    w[n] = Math.sin(Math.PI / m * (n + 0.5));
                }
            }
        }
        return w;
    }

    /** SciPy's general_cosine with three terms: {@code a0 + a1 cos(x) + a2 cos(2x)}, {@code x = linspace(-pi, pi, m)}. */
    private static void cosineSum(double[] w, double a0, double a1, double a2) {
        int m = w.length;
        for (int n = 0; n < m; n++) {
            double x = -Math.PI + 2.0 * Math.PI * n / (m - 1);
            w[n] = a0 + a1 * Math.cos(x) + a2 * Math.cos(2 * x);
        }
    }
}
