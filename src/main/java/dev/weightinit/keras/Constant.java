package dev.weightinit.keras;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Shape;

/** Keras {@code Constant(value=0.0)}: every element {@code value} (rounded to float32, then to the dtype). */
public final class Constant extends ElementwiseInitializer {
    static final Declaration<Constant> DECLARATION = Declaration.of("Constant", Constant::new,
            Parameter.number("value", 0.0).float32Range());

    public Constant() {
        this(DECLARATION.with());
    }

    /**
     * @throws IllegalArgumentException if {@code value} is NaN or infinite, or beyond float32's range
     */
    public Constant(double value) {
        this(DECLARATION.with("value", value));
    }

    private Constant(Config config) {
        super(config);
    }

    public double value() {
        return config().number("value");
    }

    @Override
    protected Affine affine(Shape shape) {
        return Affine.constant(value());
    }
}
