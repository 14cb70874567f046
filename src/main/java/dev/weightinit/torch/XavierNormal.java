package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/** {@code torch.nn.init.xavier_normal_(tensor, gain=1.0)}: normal with std {@code gain * sqrt(2 / (fan_in + fan_out))}, torch's fans ({@link TorchFans}). */
public final class XavierNormal extends ElementwiseInitializer implements Seeded {
    static final Declaration<XavierNormal> DECLARATION = Declaration.of("xavier_normal_", XavierNormal::new,
            Parameter.number("gain", 1.0).float32Range(), Parameter.seed());

    /** torch's defaults, a drawn seed. */
    public XavierNormal() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public XavierNormal(double gain) {
        this(DECLARATION.with("gain", gain));
    }

    public XavierNormal(double gain, long seed) {
        this(DECLARATION.with("gain", gain, "seed", seed));
    }

    private XavierNormal(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        TorchFans fans = TorchFans.of(shape, "xavier_normal_");
        if (shape.elementCount() == 0) {
            return Affine.constant(0.0);
        }
        double std = config().number("gain") * Math.sqrt(2.0 / (fans.fanIn() + fans.fanOut()));
        return new Affine(Distribution.NORMAL, 0.0, std);
    }
}
