package dev.weightinit.torch;

import dev.weightinit.core.Affine;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;

/**
 * {@code torch.nn.init.kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu")}: uniform within {@code ±gain * sqrt(3 / fan)},
 * {@code gain = calculate_gain(nonlinearity, a)} ({@link TorchGain}), {@code fan} torch's fan of {@code mode}.
 */
public final class KaimingUniform extends ElementwiseInitializer implements Seeded {
    static final Declaration<KaimingUniform> DECLARATION = Declaration.of("kaiming_uniform_", KaimingUniform::new,
                    Parameter.number("a", 0.0), Parameter.string("mode", "fan_in").oneOf("fan_in", "fan_out"),
                    Parameter.string("nonlinearity", "leaky_relu").oneOf(TorchGain.NONLINEARITIES.toArray(String[]::new)),
                    Parameter.seed());

    /** torch's defaults (a = 0, fan_in, leaky_relu: gain √2), a drawn seed. */
    public KaimingUniform() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public KaimingUniform(double a, String mode, String nonlinearity) {
        this(DECLARATION.with("a", a, "mode", mode, "nonlinearity", nonlinearity));
    }

    public KaimingUniform(double a, String mode, String nonlinearity, long seed) {
        this(DECLARATION.with("a", a, "mode", mode, "nonlinearity", nonlinearity, "seed", seed));
    }

    private KaimingUniform(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        TorchFans fans = TorchFans.of(shape, "kaiming_uniform_");
        if (shape.elementCount() == 0) {
            return Affine.constant(0.0);
        }
        double gain = TorchGain.calculateGain(config().string("nonlinearity"), config().number("a"));
        double std = gain / Math.sqrt(fans.of(config().string("mode")));
        double bound = Math.sqrt(3.0) * std;
        return new Affine(Distribution.UNIFORM, -bound, 2 * bound);
    }
}
