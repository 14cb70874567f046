package dev.weightinit.torch;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TorchModules}: PyTorch's module defaults, role by role. */
@ExtendWith(CpuBackendFixture.class)
class TorchModulesTest {
    private final CpuBackend cpu;

    TorchModulesTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void moduleDefaultsRoleByRole() {
        Initializer weight = TorchModules.initializer("torch.nn.Linear", "fc.weight", Shape.of(3, 7), null);
        assertEquals("kaiming_uniform_", weight.className());
        assertEquals(Math.sqrt(5), ((Number) weight.getConfig().get("a")).doubleValue());
        assertEquals("fan_in", weight.getConfig().get("mode"));
        assertEquals("leaky_relu", weight.getConfig().get("nonlinearity"));
        assertEquals("kaiming_uniform_", TorchModules.initializer("torch.nn.ConvTranspose2d", "up.weight", Shape.of(4, 2, 3, 3), null)
                .className());
        // torch.nn.Linear.reset_parameters: bound = 1 / sqrt(fan_in); Conv: fan_in = in_channels/groups * prod(kernel).
        assertUniform(1 / Math.sqrt(7), TorchModules.initializer("torch.nn.Linear", "fc.bias", Shape.of(3, 7), null));
        assertUniform(1 / Math.sqrt(75), TorchModules.initializer("torch.nn.Conv2d", "conv.bias", Shape.of(4, 3, 5, 5), null));
        assertUniform(0, TorchModules.initializer("torch.nn.Linear", "fc.bias", Shape.of(3, 0), null));
        assertEquals("fc.bias: the bias of torch.nn.Linear takes its bound from its weight; no weight was found (name it NAME.weight, "
                + "or say \"module_weight\" in the spec)", message(() -> TorchModules.initializer("torch.nn.Linear", "fc.bias", null, null)));
        assertEquals("fc.scale: torch.nn.Linear has tensors weight, bias, not scale",
                message(() -> TorchModules.initializer("torch.nn.Linear", "fc.scale", Shape.of(3, 7), null)));
        assertEquals("wte.bias: torch.nn.Embedding has tensors weight, not bias",
                message(() -> TorchModules.initializer("torch.nn.Embedding", "wte.bias", Shape.of(3, 7), null)));
        Initializer embedding = TorchModules.initializer("torch.nn.Embedding", "wte.weight", Shape.of(3, 7), 2L);
        assertEquals("torch.nn.Embedding", embedding.className());
        assertEquals(2L, ((Number) embedding.getConfig().get("padding_idx")).longValue());
        for (String module : List.of("torch.nn.LayerNorm", "torch.nn.GroupNorm", "torch.nn.BatchNorm2d")) {
            assertEquals("ones_", TorchModules.initializer(module, "n.weight", null, null).className(), module);
            assertEquals("zeros_", TorchModules.initializer(module, "n.bias", null, null).className(), module);
        }
        assertEquals("ones_", TorchModules.initializer("torch.nn.BatchNorm1d", "bn.running_var", null, null).className());
        assertEquals("zeros_", TorchModules.initializer("torch.nn.BatchNorm1d", "bn.running_mean", null, null).className());
        assertEquals("zeros_", TorchModules.initializer("torch.nn.BatchNorm3d", "bn.num_batches_tracked", null, null).className());
        assertEquals("bn.gamma: torch.nn.BatchNorm2d has tensors weight, bias, running_mean, running_var, num_batches_tracked, not gamma",
                message(() -> TorchModules.initializer("torch.nn.BatchNorm2d", "bn.gamma", null, null)));
        assertEquals("ln.gamma: torch.nn.LayerNorm has tensors weight, bias, not gamma",
                message(() -> TorchModules.initializer("torch.nn.LayerNorm", "ln.gamma", null, null)));
        assertEquals("x: torch.nn.LayerNorm has tensors weight, bias, not x",
                message(() -> TorchModules.initializer("torch.nn.LayerNorm", "x", null, null)), "a name without a dot");
        assertTrue(message(() -> TorchModules.initializer("torch.nn.LSTM", "l.weight", null, null)).startsWith(
                "module 'torch.nn.LSTM' is not known: expected one of [torch.nn.Linear, "));
        assertEquals("ones_", TorchModules.initializer("torch.nn.LayerNorm", "weight", "ln.w", null, null).className(), "role given");

        assertEquals(DType.INT64, TorchModules.dtypeOf("bn1.num_batches_tracked"));
        assertEquals(DType.INT64, TorchModules.dtypeOf("num_batches_tracked"));
        assertNull(TorchModules.dtypeOf("bn1.running_mean"));
        assertNull(TorchModules.dtypeOf("bn1.my_num_batches_tracked"));
        assertTrue(TorchModules.isBuffer("bn.running_mean") && TorchModules.isBuffer("running_var") && !TorchModules.isBuffer("bn.weight"));
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
