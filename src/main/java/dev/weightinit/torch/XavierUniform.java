package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/** {@code torch.nn.init.xavier_uniform_(tensor, gain=1.0)}: uniform within {@code ±gain * sqrt(6 / (fan_in + fan_out))}, torch's fans ({@link TorchFans}). */
public final class XavierUniform extends ElementwiseInitializer implements Seeded {
    static final Declaration<XavierUniform> DECLARATION = Declaration.of("xavier_uniform_", XavierUniform::new,
            Parameter.number("gain", 1.0).float32Range(), Parameter.seed());

    /** torch's defaults, a drawn seed. */
    public XavierUniform() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public XavierUniform(double gain) {
        this(DECLARATION.with("gain", gain));
    }

    public XavierUniform(double gain, long seed) {
        this(DECLARATION.with("gain", gain, "seed", seed));
    }

    private XavierUniform(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        TorchFans fans = TorchFans.of(shape, "xavier_uniform_");
        if (shape.elementCount() == 0) {
            return Affine.constant(0.0);
        }
        double std = config().number("gain") * Math.sqrt(2.0 / (fans.fanIn() + fans.fanOut()));
        double bound = Math.sqrt(3.0) * std;
        return new Affine(Distribution.UNIFORM, -bound, 2 * bound);
    }
}
