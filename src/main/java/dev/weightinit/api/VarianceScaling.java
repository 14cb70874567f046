package dev.weightinit.api;

import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.engine.StreamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None)}
 * with Keras 3.15's optional {@code input_axes}/{@code output_axes}. With {@code n} the fan of
 * {@code mode} ({@link Fans}; {@code fan_avg} is their mean) and {@code s = scale / max(1, n)}:
 * <ul>
 *   <li>{@code truncated_normal}: truncated at ±2, stddev {@code sqrt(s)} after truncation
 *       (before it: {@code sqrt(s) / 0.87962566103423978});</li>
 *   <li>{@code untruncated_normal}: normal with stddev {@code sqrt(s)};</li>
 *   <li>{@code uniform}: uniform on {@code [-limit, limit)}, {@code limit = sqrt(3 s)}.</li>
 * </ul>
 * {@code "normal"} is accepted and means {@code truncated_normal}, as in Keras 3.
 */
public class VarianceScaling extends ElementwiseInitializer implements Seeded {
    private static final Set<String> MODES = Set.of("fan_in", "fan_out", "fan_avg");
    private static final Set<String> DISTRIBUTIONS = Set.of("truncated_normal", "untruncated_normal", "uniform");

    private final double scale;
    private final String mode;
    private final String distribution;
    private final Seed seed;
    private final List<Integer> inputAxes;
    private final List<Integer> outputAxes;

    public VarianceScaling() {
        this(1.0, "fan_in", "truncated_normal", null);
    }

    public VarianceScaling(double scale, String mode, String distribution, Long seed) {
        this(scale, mode, distribution, seed, null, null);
    }

    /**
     * @param inputAxes  axes whose product is the fan-in, or {@code null} (Keras' shape rule)
     * @param outputAxes axes whose product is the fan-out, or {@code null}
     * @throws IllegalArgumentException for a scale that is not a finite number > 0, or an unknown
     *                                  mode or distribution
     */
    public VarianceScaling(double scale, String mode, String distribution, Long seed,
                           List<Integer> inputAxes, List<Integer> outputAxes) {
        String name = getClass() == VarianceScaling.class ? "VarianceScaling" : className();
        this.scale = Arguments.positive(name, "scale", scale);
        if (mode == null || !MODES.contains(mode)) {
            throw new IllegalArgumentException(name + " argument mode is '" + mode + "': expected one of fan_in, fan_out, fan_avg");
        }
        String lower = distribution == null ? null : distribution.toLowerCase(java.util.Locale.ROOT);
        if ("normal".equals(lower)) {
            lower = "truncated_normal";
        }
        if (lower == null || !DISTRIBUTIONS.contains(lower)) {
            throw new IllegalArgumentException(name + " argument distribution is '" + distribution
                    + "': expected one of truncated_normal, untruncated_normal, uniform");
        }
        this.mode = mode;
        this.distribution = lower;
        this.seed = Seed.of(seed);
        this.inputAxes = inputAxes == null ? null : List.copyOf(inputAxes);
        this.outputAxes = outputAxes == null ? null : List.copyOf(outputAxes);
    }

    public double scale() {
        return scale;
    }

    public String mode() {
        return mode;
    }

    public String distribution() {
        return distribution;
    }

    @Override
    public Seed seed() {
        return seed;
    }

    List<Integer> inputAxes() {
        return inputAxes;
    }

    List<Integer> outputAxes() {
        return outputAxes;
    }

    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        Fans fans = Fans.of(tensor.shape(), inputAxes, outputAxes);
        double n = switch (mode) {
            case "fan_in" -> fans.fanIn();
            case "fan_out" -> fans.fanOut();
            default -> (fans.fanIn() + fans.fanOut()) / 2.0;
        };
        double s = scale / Math.max(1.0, n);
        return switch (distribution) {
            case "truncated_normal" -> random(seed, tensor, Distribution.TRUNCATED_NORMAL, 0.0,
                    Math.sqrt(s) / StreamSpec.TRUNCATED_STDDEV);
            case "untruncated_normal" -> random(seed, tensor, Distribution.NORMAL, 0.0, Math.sqrt(s));
            default -> {
                double limit = Math.sqrt(3.0 * s);
                yield random(seed, tensor, Distribution.UNIFORM, -limit, 2.0 * limit);
            }
        };
    }

    @Override
    public String className() {
        return "VarianceScaling";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", seed.configured());
        config.put("scale", scale);
        config.put("mode", mode);
        config.put("distribution", distribution);
        putAxes(config);
        return config;
    }

    /** Adds the axes only when set, so configs stay loadable by Keras before 3.15. */
    final void putAxes(Map<String, Object> config) {
        if (inputAxes != null) {
            config.put("input_axes", inputAxes);
        }
        if (outputAxes != null) {
            config.put("output_axes", outputAxes);
        }
    }

    @Override
    public Initializer copy() {
        return new VarianceScaling(scale, mode, distribution, seed.configured(), inputAxes, outputAxes);
    }

    static VarianceScaling fromConfig(ConfigReader config) {
        VarianceScaling result = new VarianceScaling(config.number("scale", 1.0), config.string("mode", "fan_in", false),
                config.string("distribution", "truncated_normal", false), config.seed(),
                config.integers("input_axes"), config.integers("output_axes"));
        config.finish();
        return result;
    }

    /** A Keras preset: fixed scale, mode and distribution; its config is only the seed (and axes). */
    abstract static class Preset extends VarianceScaling {
        Preset(double scale, String mode, String distribution, Long seed, List<Integer> inputAxes, List<Integer> outputAxes) {
            super(scale, mode, distribution, seed, inputAxes, outputAxes);
        }

        @Override
        public abstract String className();

        @Override
        public final Map<String, Object> getConfig() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("seed", seed().configured());
            putAxes(config);
            return config;
        }
    }
}
