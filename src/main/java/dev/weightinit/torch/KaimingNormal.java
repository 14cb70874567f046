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
 * {@code torch.nn.init.kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu")}: normal with std {@code gain / sqrt(fan)},
 * {@code gain = calculate_gain(nonlinearity, a)} ({@link TorchGain}), {@code fan} torch's fan of {@code mode}.
 */
public final class KaimingNormal extends ElementwiseInitializer implements Seeded {
    static final Declaration<KaimingNormal> DECLARATION = Declaration.of("kaiming_normal_", KaimingNormal::new,
                    Parameter.number("a", 0.0), Parameter.string("mode", "fan_in").oneOf("fan_in", "fan_out"),
                    Parameter.string("nonlinearity", "leaky_relu").oneOf(TorchGain.NONLINEARITIES.toArray(String[]::new)),
                    Parameter.seed());

    /** torch's defaults (a = 0, fan_in, leaky_relu: gain √2), a drawn seed. */
    public KaimingNormal() {
        this(DECLARATION.with());
    }

    /** With a drawn seed. */
    public KaimingNormal(double a, String mode, String nonlinearity) {
        this(DECLARATION.with("a", a, "mode", mode, "nonlinearity", nonlinearity));
    }

    public KaimingNormal(double a, String mode, String nonlinearity, long seed) {
        this(DECLARATION.with("a", a, "mode", mode, "nonlinearity", nonlinearity, "seed", seed));
    }

    private KaimingNormal(Config config) {
        super(config);
    }

    @Override
    protected Affine affine(Shape shape) {
        TorchFans fans = TorchFans.of(shape, "kaiming_normal_");
        if (shape.elementCount() == 0) {
            return Affine.constant(0.0);
        }
        double gain = TorchGain.calculateGain(config().string("nonlinearity"), config().number("a"));
        double std = gain / Math.sqrt(fans.of(config().string("mode")));
        return new Affine(Distribution.NORMAL, 0.0, std);
    }
}
