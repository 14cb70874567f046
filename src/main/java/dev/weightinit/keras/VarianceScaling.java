package dev.weightinit.keras;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.StreamSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Keras {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None)}
 * with Keras 3.15's optional {@code input_axes}/{@code output_axes} ({@link KerasFans}). With
 * {@code n} the fan of {@code mode} ({@code fan_avg} is the mean of the two) and
 * {@code s = scale / max(1, n)}:
 * <ul>
 *   <li>{@code truncated_normal}: truncated at ±2, stddev {@code sqrt(s)} after truncation
 *       (before it: {@code sqrt(s) / 0.87962566103423978});</li>
 *   <li>{@code untruncated_normal}: normal with stddev {@code sqrt(s)};</li>
 *   <li>{@code uniform}: {@code -limit + 2 limit u}, {@code limit = sqrt(3 s)}.</li>
 * </ul>
 * {@code "normal"} is accepted and means {@code truncated_normal}, as in Keras 3. The Keras presets
 * ({@link HeNormal}, {@link GlorotUniform}, ...) are this class with scale, mode and distribution fixed.
 */
public class VarianceScaling extends ElementwiseInitializer implements Seeded {
    private static final List<String> DISTRIBUTIONS = List.of("truncated_normal", "untruncated_normal", "uniform");

    static final Declaration<VarianceScaling> DECLARATION = Declaration.of("VarianceScaling", VarianceScaling::new,
            Parameter.seed(), Parameter.number("scale", 1.0).positive(),
            Parameter.string("mode", "fan_in").oneOf("fan_in", "fan_out", "fan_avg"),
            Parameter.value("distribution", "truncated_normal", "one of " + String.join(", ", DISTRIBUTIONS),
                    VarianceScaling::distribution),
            Parameter.axes("input_axes"), Parameter.axes("output_axes"));

    /** Keras' defaults: scale 1, fan_in, truncated normal, a drawn seed. */
    public VarianceScaling() {
        this(DECLARATION.with());
    }

    /**
     * With a drawn seed.
     *
     * @throws IllegalArgumentException for a scale that is not a finite number > 0, or an unknown
     *                                  mode or distribution
     */
    public VarianceScaling(double scale, String mode, String distribution) {
        this(DECLARATION.with("scale", scale, "mode", mode, "distribution", distribution));
    }

    /**
     * @throws IllegalArgumentException for a scale that is not a finite number > 0, or an unknown
     *                                  mode or distribution
     */
    public VarianceScaling(double scale, String mode, String distribution, long seed) {
        this(DECLARATION.with("scale", scale, "mode", mode, "distribution", distribution, "seed", seed));
    }

    /**
     * With explicit fan axes (Keras 3.15, see {@link KerasFans}) and the seed or {@code null}.
     */
    public VarianceScaling(double scale, String mode, String distribution, Long seed,
                           List<Integer> inputAxes, List<Integer> outputAxes) {
        this(DECLARATION.with("scale", scale, "mode", mode, "distribution", distribution, "seed", seed,
                "input_axes", inputAxes, "output_axes", outputAxes));
    }

    /** For the presets: a config of their declaration. */
    protected VarianceScaling(Config config) {
        super(config);
    }

    /** The declaration of a Keras preset: this class's, with scale, mode and distribution fixed. */
    static <T extends Initializer> Declaration<T> preset(String className, Function<Config, T> factory, double scale,
                                                          String mode, String distribution) {
        return DECLARATION.derive(className, factory, Parameter.number("scale", 1.0).fixed(scale),
                Parameter.string("mode", "fan_in").fixed(mode), Parameter.string("distribution", "").fixed(distribution));
    }

    public double scale() {
        return config().number("scale");
    }

    public String mode() {
        return config().string("mode");
    }

    public String distribution() {
        return (String) config().get("distribution");
    }

    /** The explicit input axes, or {@code null}. */
    public List<Integer> inputAxes() {
        return config().integers("input_axes");
    }

    /** The explicit output axes, or {@code null}. */
    public List<Integer> outputAxes() {
        return config().integers("output_axes");
    }

    @Override
    protected final Affine affine(Shape shape) {
        KerasFans fans = KerasFans.of(shape, inputAxes(), outputAxes());
        double n = switch (mode()) {
            case "fan_in" -> fans.fanIn();
            case "fan_out" -> fans.fanOut();
            default -> (fans.fanIn() + fans.fanOut()) / 2.0;
        };
        double s = scale() / Math.max(1.0, n);
        return switch (distribution()) {
            case "truncated_normal" -> new Affine(Distribution.TRUNCATED_NORMAL, 0.0, Math.sqrt(s) / StreamSpec.TRUNCATED_STDDEV);
            case "untruncated_normal" -> new Affine(Distribution.NORMAL, 0.0, Math.sqrt(s));
            default -> {
                double limit = Math.sqrt(3.0 * s);
                yield new Affine(Distribution.UNIFORM, -limit, 2.0 * limit);
            }
        };
    }

    /** Keras lower-cases the distribution and reads {@code "normal"} as {@code "truncated_normal"}. */
    private static Object distribution(Object value) {
        if (value instanceof String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            lower = lower.equals("normal") ? "truncated_normal" : lower;
            if (DISTRIBUTIONS.contains(lower)) {
                return lower;
            }
        }
        throw new IllegalArgumentException("one of " + String.join(", ", DISTRIBUTIONS));
    }
}
