package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
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

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void aMissingOrUnknownNonlinearityIsRefusedByName() {
        assertEquals("unsupported nonlinearity 'swish': expected one of " + TorchGain.NONLINEARITIES,
                assertThrows(IllegalArgumentException.class, () -> TorchGain.calculateGain("swish", null)).getMessage());
        assertEquals("unsupported nonlinearity 'null': expected one of " + TorchGain.NONLINEARITIES,
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> TorchGain.calculateGain(null, null))
                        .getMessage());
    }
}
