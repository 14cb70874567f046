package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.keras.HeNormal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TorchGain}: {@code calculate_gain} for every nonlinearity, torch's values written out. */
@ExtendWith(CpuBackendFixture.class)
class TorchGainTest {
    private final CpuBackend cpu;

    TorchGainTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void gainsAreTorchsWrittenOut() {
        assertEquals(1.0, TorchGain.calculateGain("linear", null));
        assertEquals(1.0, TorchGain.calculateGain("conv_transpose3d", null));
        assertEquals(1.0, TorchGain.calculateGain("sigmoid", null));
        assertEquals(5.0 / 3, TorchGain.calculateGain("tanh", null));
        assertEquals(1.4142135623730951, TorchGain.calculateGain("relu", null));
        assertEquals(0.75, TorchGain.calculateGain("selu", null));
        assertEquals(1.4141428569978354, TorchGain.calculateGain("leaky_relu", null), "slope 0.01 when none is given");
        assertEquals(1.0, TorchGain.calculateGain("leaky_relu", 1.0));
        assertEquals(0.5773502691896257, TorchGain.calculateGain("leaky_relu", Math.sqrt(5)), "torch's Linear default: sqrt(1/3)");
        assertEquals("unsupported nonlinearity 'null': expected one of " + TorchGain.NONLINEARITIES,
                message(() -> TorchGain.calculateGain(null, null)));
        assertEquals("negative_slope NaN is not a valid number", message(() -> TorchGain.calculateGain("leaky_relu", Double.NaN)));
    }

    private static void assertUniform(double bound, Initializer initializer) {
        assertEquals("uniform_", initializer.className());
        assertTrue(((Number) initializer.getConfig().get("a")).doubleValue() == -bound, initializer.getConfig().toString());
        assertTrue(((Number) initializer.getConfig().get("b")).doubleValue() == bound, initializer.getConfig().toString());
        ElementwiseInitializer uniform = (ElementwiseInitializer) initializer;
        FillSpec spec = uniform.fillSpec(TensorSpec.of(Shape.of(3), DType.FLOAT32));
        assertEquals(Distribution.UNIFORM, spec.distribution());
        assertEquals((float) (2 * bound), spec.scale());
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
