package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Shape;

/** {@code torch.nn.init.ones_(tensor)}: every element 1. */
public final class Ones extends ElementwiseInitializer {
    static final Declaration<Ones> DECLARATION = Declaration.of("ones_", Ones::new);

    public Ones() {
        this(DECLARATION.with());
    }

    private Ones(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        return Affine.constant(1.0);
    }
}
