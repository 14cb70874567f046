package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Shape;

/** {@code torch.nn.init.constant_(tensor, val)}: every element {@code val}; {@code val} has no default. */
public final class Constant extends ElementwiseInitializer {
    static final Declaration<Constant> DECLARATION = Declaration.of("constant_", Constant::new,
            Parameter.requiredNumber("val").float32Range());

    public Constant(double val) {
        this(DECLARATION.with("val", val));
    }

    private Constant(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        return Affine.constant(config().number("val"));
    }
}
