package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Shape;

/** {@code torch.nn.init.zeros_(tensor)}: every element 0. */
public final class Zeros extends ElementwiseInitializer {
    static final Declaration<Zeros> DECLARATION = Declaration.of("zeros_", Zeros::new);

    public Zeros() {
        this(DECLARATION.with());
    }

    private Zeros(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        return Affine.constant(0.0);
    }
}
