package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Presets name and initialize tensors as their reference implementations do; expected values are worked out here. */
class PresetsTest {

    private static ModelSpec.Tensor tensor(String preset, String name) {
        return Presets.get(preset).tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void resnet50ConvolutionsAreKaimingFanOutOverOutTimesKernel() {
        // torch kaiming_normal_(mode="fan_out", nonlinearity="relu") on conv1 (64, 3, 7, 7): sqrt(2 / (64*7*7)).
        ModelSpec.Tensor conv1 = tensor("resnet50", "conv1.weight");
        assertEquals(Math.sqrt(2.0 / 3136), conv1.initializer().expectedStddev(conv1.shape()).getAsDouble(), 1e-9);
        // layer1.0.conv2 (64, 64, 3, 3): sqrt(2 / (64*3*3)).
        ModelSpec.Tensor conv2 = tensor("resnet50", "layer1.0.conv2.weight");
        assertEquals(Math.sqrt(2.0 / 576), conv2.initializer().expectedStddev(conv2.shape()).getAsDouble(), 1e-9);
        // torch's default Linear init: U(±1/sqrt(in)), in = 2048: stddev 1/sqrt(3 * 2048).
        ModelSpec.Tensor fc = tensor("resnet50", "fc.weight");
        assertEquals(1 / Math.sqrt(3 * 2048.0), fc.initializer().expectedStddev(fc.shape()).getAsDouble(), 1e-9);
        assertEquals("torch", Presets.get("resnet50").layout());
    }

    @Test
    void mlpSmallHasKeras3LayerNamesAndKerasLayout() {
        ModelSpec mlp = Presets.get("mlp-small");
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"),
                mlp.tensors().stream().map(ModelSpec.Tensor::name).toList());
        assertEquals("keras", mlp.layout());
    }

    @Test
    void gpt2ResidualProjectionsUseTwiceTheLayerCount() {
        // Hugging Face GPT-2: c_proj weights N(0, 0.02 / sqrt(2 * n_layer)), n_layer = 12.
        ModelSpec.Tensor proj = tensor("gpt2-small", "h.3.attn.c_proj.weight");
        assertEquals(0.02 / Math.sqrt(24), proj.initializer().expectedStddev(proj.shape()).getAsDouble(), 1e-9);
        ModelSpec.Tensor mlp = tensor("gpt2-small", "h.11.mlp.c_proj.weight");
        assertEquals(0.02 / Math.sqrt(24), mlp.initializer().expectedStddev(mlp.shape()).getAsDouble(), 1e-9);
        ModelSpec.Tensor fc = tensor("gpt2-small", "h.0.mlp.c_fc.weight");
        assertEquals(0.02, fc.initializer().expectedStddev(fc.shape()).getAsDouble(), 1e-9);
    }

    @Test
    void aSpecLayoutMustBeKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromJson(
                java.util.Map.of("layout", "jax", "tensors", List.of()), "m.json"));
        assertEquals("m.json: layout is jax: expected one of [keras, torch]", e.getMessage());
    }
}
