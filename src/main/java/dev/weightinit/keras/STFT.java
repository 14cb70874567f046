package dev.weightinit.keras;

import dev.weightinit.backend.Backend;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import java.util.ArrayList;
import java.util.List;

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
    /** The longest frame: the window is computed whole. */
    static final long MAX_FRAMES = 1L << 24;

    static final Declaration<STFT> DECLARATION = Declaration.of("STFT", STFT::new,
            Parameter.string("side", "real").oneOf("real", "imag"),
            Parameter.value("window", "hann", "one of " + Windows.NAMES + ", a list of finite numbers, or null", STFT::window),
            Parameter.bool("periodic", false),
            Parameter.string("scaling", "density").oneOf("density", "spectrum").orNull());

    /** Keras' defaults: real, hann, density, symmetric. */
    public STFT() {
        this(DECLARATION.with());
    }

    /**
     * @param window  a window name ({@link Windows#NAMES}), or {@code null} for none
     * @param scaling {@code "density"}, {@code "spectrum"} or {@code null}
     * @throws IllegalArgumentException for another side, window or scaling
     */
    public STFT(String side, String window, String scaling, boolean periodic) {
        this(DECLARATION.with("side", side, "window", window, "scaling", scaling, "periodic", periodic));
    }

    /**
     * @param window  the window's values, one per frame
     * @param scaling {@code "density"}, {@code "spectrum"} or {@code null}
     * @throws IllegalArgumentException for another side or scaling, or a value that is not finite
     */
    public STFT(String side, List<? extends Number> window, String scaling, boolean periodic) {
        this(DECLARATION.with("side", side, "window", window, "scaling", scaling, "periodic", periodic));
    }

    private STFT(Config config) {
        super(config);
    }

    public String side() {
        return config().string("side");
    }

    /** The window's name, its values ({@code List<Double>}), or {@code null}. */
    public Object window() {
        return config().get("window");
    }

    public String scaling() {
        return config().string("scaling");
    }

    public boolean periodic() {
        return config().bool("periodic");
    }

    /** A window name Keras' STFT knows, or a list of finite numbers kept as an unmodifiable {@code List<Double>}. */
    private static Object window(Object value) {
        if (value instanceof String name && Windows.NAMES.contains(name)) {
            return name;
        }
        if (value instanceof List<?> values) {
            List<Double> copy = new ArrayList<>();
            for (Object item : values) {
                if (!(item instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    throw new IllegalArgumentException("one of " + Windows.NAMES + ", a list of finite numbers, or null");
                }
                copy.add(number.doubleValue());
            }
            return List.copyOf(copy);
        }
        throw new IllegalArgumentException("one of " + Windows.NAMES + ", a list of finite numbers, or null");
    }

    @Override
    protected void compute(TensorSpec tensor, long start, float[] out, int count, Backend backend) {
        Shape shape = tensor.shape();
        if (shape.rank() != 3 || shape.dim(2) < 2) {
            throw new IllegalArgumentException("STFT needs a shape (frame_length, channels, fft_length // 2 + 1) with the last "
                    + "dimension >= 2, not " + shape);
        }
        if (shape.dim(0) > MAX_FRAMES) {
            throw new IllegalArgumentException("STFT frame_length " + shape.dim(0) + " of shape " + shape + " is above 2^24: "
                    + "the window is computed whole on the host");
        }
        int frames = (int) shape.dim(0);
        long channels = shape.dim(1);
        long bins = shape.dim(2);
        double[] w = windowValues(frames);
        double norm = 1.0;
        String scaling = scaling();
        if (w != null && scaling != null) {
            double sum = 0;
            for (double value : w) {
                sum += "density".equals(scaling) ? value * value : Math.abs(value);
            }
            norm = "density".equals(scaling) ? Math.sqrt(sum) : sum;
            if (!(norm > 0) || !Double.isFinite(norm)) {
                throw new IllegalArgumentException("STFT window " + abbreviated(window()) + " of " + frames + " frames has "
                        + scaling + " norm " + norm + ": the kernel would be 0/0 (NaN); use a window with a nonzero value");
            }
        }
        double fftLength = (bins - 1) * 2.0;
        boolean real = "real".equals(side());
        for (int i = 0; i < count; i++) {
            long index = start + i;
            long f = index % bins;
            long t = index / (bins * channels);
            double angle = -2.0 * t * (f / fftLength) * Math.PI;
            double value = real ? Math.cos(angle) : Math.sin(angle);
            out[i] = (float) (w == null ? value : value * w[(int) t] / norm);
        }
    }

    private double[] windowValues(int frames) {
        Object window = config().get("window");
        if (window == null) {
            return null;
        }
        if (window instanceof String name) {
            return Windows.get(name, frames, periodic());
        }
        @SuppressWarnings("unchecked")
        List<Double> values = (List<Double>) window;
        if (values.size() != frames) {
            throw new IllegalArgumentException("STFT window has " + values.size() + " values: it must have frame_length = "
                    + frames);
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** With a scaling the kernel's magnitude is at most 1; without, the window's largest value. */
    @Override
    protected double largestMagnitude(Shape shape) {
        Object window = window();
        if (scaling() != null || window instanceof String || window == null) {
            return 1.0;
        }
        @SuppressWarnings("unchecked")
        List<Double> values = (List<Double>) window;
        return values.stream().mapToDouble(Math::abs).max().orElse(0);
    }

    private static String abbreviated(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
