package dev.weightinit.api;

import dev.weightinit.engine.FillSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Keras {@code Zeros}: every element 0. */
public final class Zeros extends ElementwiseInitializer {
    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        return constant(tensor, 0.0);
    }

    @Override
    public String className() {
        return "Zeros";
    }

    @Override
    public Map<String, Object> getConfig() {
        return new LinkedHashMap<>();
    }

    @Override
    public Initializer copy() {
        return new Zeros();
    }

    @Override
    public OptionalDouble expectedStddev(Shape shape) {
        return OptionalDouble.of(0);
    }

    static Zeros fromConfig(ConfigReader config) {
        config.finish();
        return new Zeros();
    }
}
