package dev.weightinit.api;

import dev.weightinit.engine.FillSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Keras {@code Ones}: every element 1. */
public final class Ones extends ElementwiseInitializer {
    @Override
    public FillSpec fillSpec(TensorSpec tensor) {
        return constant(tensor, 1.0);
    }

    @Override
    public String className() {
        return "Ones";
    }

    @Override
    public Map<String, Object> getConfig() {
        return new LinkedHashMap<>();
    }

    @Override
    public Initializer copy() {
        return new Ones();
    }

    @Override
    public OptionalDouble expectedStddev(Shape shape) {
        return OptionalDouble.of(0);
    }

    static Ones fromConfig(ConfigReader config) {
        config.finish();
        return new Ones();
    }
}
