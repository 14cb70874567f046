package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import org.junit.jupiter.api.Test;

/**
 * The fan-scaled functions' distributions, worked by hand from {@code torch/nn/init.py}'s formulas
 * for a Conv2d weight {@code (20, 30, 3, 3)}: fan_in = 30 * 9 = 270, fan_out = 20 * 9 = 180, and a
 * Linear weight {@code (6, 10)}: fan_in 10, fan_out 6. A uniform on [-bound, bound) is the affine
 * {@code offset = -bound, scale = 2 * bound}; a normal is {@code offset = mean, scale = std}.
 * Compared to 1e-6 relative (the spec's floats are the doubles rounded once).
 */
class TorchFanScalingTest {
    private static final Shape CONV = Shape.of(20, 30, 3, 3);
    private static final Shape LINEAR = Shape.of(6, 10);

    private static void assertUniform(double bound, ElementwiseInitializer init, Shape shape) {
        FillSpec spec = init.fillSpec(TensorSpec.of(shape, DType.FLOAT32));
        assertEquals(Distribution.UNIFORM, spec.distribution());
        assertEquals(-bound, spec.offset(), bound * 1e-6, "offset");
        assertEquals(2 * bound, spec.scale(), bound * 2e-6, "scale");
    }

    private static void assertNormal(double std, ElementwiseInitializer init, Shape shape) {
        FillSpec spec = init.fillSpec(TensorSpec.of(shape, DType.FLOAT32));
        assertEquals(Distribution.NORMAL, spec.distribution());
        assertEquals(0f, spec.offset());
        assertEquals(std, spec.scale(), std * 1e-6, "std");
    }

    @Test
    void xavierUniformBoundIsGainTimesSqrtOfSixOverFanInPlusFanOut() {
        // gain 2: 2 * sqrt(6 / 450) = 2 * sqrt(3) / 15
        assertUniform(0.23094010767585033, new XavierUniform(2.0, 1), CONV);
        // gain 1: sqrt(6 / 16)
        assertUniform(0.6123724356957945, new XavierUniform(1.0, 1), LINEAR);
    }

    @Test
    void xavierNormalStdIsGainTimesSqrtOfTwoOverFanInPlusFanOut() {
        // gain 3: 3 * sqrt(2 / 450) = 3 / 15
        assertNormal(0.2, new XavierNormal(3.0, 1), CONV);
        // gain 1: sqrt(2 / 16)
        assertNormal(0.3535533905932738, new XavierNormal(1.0, 1), LINEAR);
    }

    @Test
    void kaimingUniformBoundIsSqrtThreeTimesGainOverSqrtFan() {
        // relu: gain sqrt(2); sqrt(3) * sqrt(2) / sqrt(270) = sqrt(1 / 45)
        assertUniform(0.14907119849998599, new KaimingUniform(0, "fan_in", "relu", 1), CONV);
        // leaky_relu with a = sqrt(5), torch's Linear and Conv default: gain sqrt(2 / 6); bound 1 / sqrt(fan)
        assertUniform(0.07453559924999299, new KaimingUniform(Math.sqrt(5), "fan_out", "leaky_relu", 1), CONV);
        assertUniform(0.31622776601683794, new KaimingUniform(Math.sqrt(5), "fan_in", "leaky_relu", 1), LINEAR);
    }

    @Test
    void kaimingNormalStdIsGainOverSqrtFan() {
        // leaky_relu with a = 1: gain sqrt(2 / 2) = 1; 1 / sqrt(180)
        assertNormal(0.07453559924999299, new KaimingNormal(1, "fan_out", "leaky_relu", 1), CONV);
        // tanh: gain 5/3; (5/3) / sqrt(10)
        assertNormal(0.5270462766947299, new KaimingNormal(0, "fan_in", "tanh", 1), LINEAR);
    }
}
