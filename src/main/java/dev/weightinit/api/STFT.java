package dev.weightinit.api;

import dev.weightinit.backend.Backend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras 3 {@code STFT(side="real", window="hann", scaling="density", periodic=False)}: the
 * deterministic convolution kernel of a short-time Fourier transform, shape {@code (T, C, F)} with
 * {@code T} the frame length and {@code F = fft_length / 2 + 1}:
 * {@code kernel[t, c, f] = trig(-2 pi t f / (2 (F - 1))) * w[t] / s}, {@code trig} cos for
 * {@code "real"} and sin for {@code "imag"}, {@code w} the window ({@link Windows} by name, explicit
 * values, or none), {@code s} the window's L2 norm ({@code "density"}), L1 norm ({@code "spectrum"})
 * or 1. Computed in double, rounded to float32; every input channel gets the same values.
 */
public final class STFT extends HostComputedInitializer {
    private final String side;
    private final Object window;
    private final String scaling;
    private final boolean periodic;

    public STFT() {
        this("real", "hann", "density", false);
    }

    /**
     * @param window a window name, a {@code List<Number>} of window values, or {@code null}
     * @param scaling {@code "density"}, {@code "spectrum"} or {@code null}
     * @throws IllegalArgumentException for another side, window or scaling
     */
    public STFT(String side, Object window, String scaling, boolean periodic) {
        if (!"real".equals(side) && !"imag".equals(side)) {
            throw new IllegalArgumentException("STFT argument side is '" + side + "': expected real or imag");
        }
        if (window instanceof String name) {
            Windows.get(name, 1, periodic);
        } else if (window instanceof List<?> values) {
            List<Double> copy = new ArrayList<>();
            for (Object value : values) {
                if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    throw new IllegalArgumentException("STFT argument window has " + value + ": window values must be finite numbers");
                }
                copy.add(number.doubleValue());
            }
            window = List.copyOf(copy);
        } else if (window != null) {
            throw new IllegalArgumentException("STFT argument window is " + window + ": expected a window name, a list of numbers, or null");
        }
        if (scaling != null && !"density".equals(scaling) && !"spectrum".equals(scaling)) {
            throw new IllegalArgumentException("STFT argument scaling is '" + scaling + "': expected density, spectrum or null");
        }
        this.side = side;
        this.window = window;
        this.scaling = scaling;
        this.periodic = periodic;
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() != 3 || shape.dim(2) < 2) {
            throw new IllegalArgumentException("STFT needs a shape (frame_length, channels, fft_length // 2 + 1) with the last "
                    + "dimension >= 2, not " + shape);
        }
        int frames = Math.toIntExact(shape.dim(0));
        long channels = shape.dim(1);
        long bins = shape.dim(2);
        double[] w = windowValues(frames);
        double norm = 1.0;
        if (w != null && scaling != null) {
            double sum = 0;
            for (double value : w) {
                sum += "density".equals(scaling) ? value * value : Math.abs(value);
            }
            norm = "density".equals(scaling) ? Math.sqrt(sum) : sum;
        }
        double fftLength = (bins - 1) * 2.0;
        for (int i = 0; i < count; i++) {
            long index = start + i;
            long f = index % bins;
            long t = index / (bins * channels);
            double angle = -2.0 * t * (f / fftLength) * Math.PI;
            double value = "real".equals(side) ? Math.cos(angle) : Math.sin(angle);
            out[i] = (float) (w == null ? value : value * w[(int) t] / norm);
        }
    }

    private double[] windowValues(int frames) {
        if (window == null) {
            return null;
        }
        if (window instanceof String name) {
            return Windows.get(name, frames, periodic);
        }
        @SuppressWarnings("unchecked")
        List<Double> values = (List<Double>) window;
        if (values.size() != frames) {
            throw new IllegalArgumentException("STFT window has " + values.size() + " values: it must have frame_length = "
                    + frames);
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public String className() {
        return "STFT";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("side", side);
        config.put("window", window);
        config.put("periodic", periodic);
        config.put("scaling", scaling);
        return config;
    }

    @Override
    public Initializer copy() {
        return new STFT(side, window, scaling, periodic);
    }

    static STFT fromConfig(ConfigReader config) {
        STFT result = new STFT(config.string("side", "real", false), config.has("window") ? config.raw("window") : "hann",
                config.string("scaling", "density", true), config.bool("periodic", false));
        config.finish();
        return result;
    }
}
