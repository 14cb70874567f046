package dev.weightinit.api;

import dev.weightinit.engine.FillSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Keras {@code Constant(value=0.0)}: every element {@code value} (rounded to float32, then to the dtype). */
public final class Constant extends ElementwiseInitializer {
    private final double value;

    public Constant() {
        this(0.0);
    }

    /**
     * @throws IllegalArgumentException if {@code value} is NaN or infinite, or beyond float32's range
     */
    public Constant(double value) {
        if (!Double.isFinite(value) || Float.isInfinite((float) value)) {
            throw new IllegalArgumentException("Constant argument value is " + value + ": expected a finite number within float32's range");
        }
        this.value = value;
    }

    public double value() {
        return value;
    }

    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        return constant(tensor, value);
    }

    @Override
    public String className() {
        return "Constant";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("value", value);
        return config;
    }

    @Override
    public Initializer copy() {
        return new Constant(value);
    }

    @Override
    public OptionalDouble expectedStddev(Shape shape) {
        return OptionalDouble.of(0);
    }

    static Constant fromConfig(ConfigReader config) {
        double value = config.number("value", 0.0);
        config.finish();
        return new Constant(value);
    }
}
