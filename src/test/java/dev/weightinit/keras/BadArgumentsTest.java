package dev.weightinit.keras;

import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments raise IllegalArgumentException naming the argument, the value and what is allowed. */
class BadArgumentsTest {

    private static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void constructorArguments() {
        assertRejected(() -> new RandomNormal(0, -0.1, 1L), "stddev", "-0.1", ">= 0");
        assertRejected(() -> new TruncatedNormal(Double.NaN, 1, 1L), "mean", "NaN", "finite");
        assertRejected(() -> new RandomUniform(1.0, -1.0, 1L), "minval", "1.0", "maxval", "-1.0", "minval <= maxval");
        assertRejected(() -> new VarianceScaling(-2.0, "fan_in", "uniform", 1L), "scale", "-2.0", "> 0");
        assertRejected(() -> new VarianceScaling(0.0, "fan_in", "uniform", 1L), "scale", "0.0", "> 0");
        assertRejected(() -> new VarianceScaling(1.0, "fan_sideways", "uniform", 1L), "mode", "fan_sideways", "fan_in, fan_out, fan_avg");
        assertRejected(() -> new VarianceScaling(1.0, "fan_in", "cauchy", 1L), "distribution", "cauchy", "truncated_normal");
        assertRejected(() -> new Constant(Double.POSITIVE_INFINITY), "value", "Infinity");
        assertRejected(() -> new Orthogonal(Double.NaN, 1L), "gain", "NaN");
        assertRejected(() -> new STFT("both", "hann", "density", false), "side", "both", "real or imag");
        assertRejected(() -> new STFT("real", "kaiser", "density", false), "window", "kaiser", "hann");
        assertRejected(() -> new STFT("real", "hann", "energy", false), "scaling", "energy", "density, spectrum or null");
    }

    @Test
    void namesAndConfigs() {
        assertRejected(() -> Initializers.get("glorot_uniformm"), "glorot_uniformm", "not known", "case-sensitive");
        assertRejected(() -> Initializers.get("Glorot_Uniform"), "Glorot_Uniform", "not known");
        assertRejected(() -> Initializers.get(Map.of("class_name", "RandomNormal", "config", Map.of("stdev", 0.1))),
                "unknown key", "stdev", "RandomNormal takes");
        assertRejected(() -> Initializers.get(Map.of("class_name", "RandomNormal", "config", Map.of("stddev", "wide"))),
                "stddev", "'wide'", "a finite number");
        assertRejected(() -> Initializers.get(Map.of("class_name", "RandomNormal", "config", Map.of("seed", 1.5))), "seed", "1.5");
        assertRejected(() -> Initializers.get(Map.of("config", Map.of())), "class_name");
        assertRejected(() -> Initializers.get(Map.of("module", "my_project.inits", "class_name", "Fancy", "config", Map.of())),
                "my_project.inits", "not a Keras module");
        assertRejected(() -> Initializers.parse("{\"class_name\": ", null), "not valid");
        assertRejected(() -> Initializers.get(42), "42");
    }

    @Test
    void shapes() {
        assertRejected(() -> Shape.of(3, -1), "-1", "axis 1", ">= 0");
        assertRejected(() -> Shape.of(1L << 32, 1L << 32), "2^63");
        assertRejected(() -> Shape.parse("3,x"), "3,x", "comma-separated");
        assertRejected(() -> new Identity().generate(Shape.of(2, 2, 2), new dev.weightinit.backend.cpu.CpuBackend(1)),
                "2-D", "(2, 2, 2)");
        assertRejected(() -> new Orthogonal().generate(Shape.of(5), new dev.weightinit.backend.cpu.CpuBackend(1)), "rank 2", "(5,)");
        assertRejected(() -> new VarianceScaling(1, "fan_in", "uniform", 1L, java.util.List.of(2), java.util.List.of(0))
                .fillSpec(TensorSpec.of(Shape.of(4, 4), dev.weightinit.engine.DType.FLOAT32)), "input_axes", "out of range");
    }
}
