package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import dev.weightinit.core.Shape;

/**
 * Presets name and initialize tensors as their reference implementations do; expected values are
 * worked out here: the presets by name, and Llama 7B written out (6,738,415,616 parameters, 291
 * tensors in state_dict order, as transformers' {@code LlamaForCausalLM}).
 */
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


    @Test
    void presetsAreFoundByNameAndAnUnknownOneNamesTheOthers() {
        assertEquals(List.of("gpt2-small", "llama-7b", "mlp-small", "resnet50"), Presets.names(), "sorted");
        assertEquals(4, Presets.names().size());
        assertEquals("preset 'gpt3' does not exist: available are " + Presets.names(),
                assertThrows(IllegalArgumentException.class, () -> Presets.get("gpt3")).getMessage());
    }

    @Test
    void llama7bIsLlamaForCausalLM() {
        ModelSpec llama = Presets.get("llama-7b");
        assertEquals("torch", llama.layout());
        assertEquals(291, llama.tensors().size());
        assertEquals(6_738_415_616L, llama.parameterCount());
        List<ModelSpec.Tensor> t = llama.tensors();
        assertEquals("model.embed_tokens.weight", t.get(0).name());
        assertEquals(Shape.of(32000, 4096), t.get(0).shape());
        assertEquals(List.of("model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
                "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight", "model.layers.0.mlp.gate_proj.weight",
                "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.down_proj.weight", "model.layers.0.input_layernorm.weight",
                "model.layers.0.post_attention_layernorm.weight"), t.subList(1, 10).stream().map(ModelSpec.Tensor::name).toList());
        assertEquals(Shape.of(11008, 4096), t.get(5).shape());
        assertEquals(Shape.of(4096, 11008), t.get(7).shape());
        assertEquals(Shape.of(4096), t.get(8).shape());
        assertEquals("model.layers.31.post_attention_layernorm.weight", t.get(288).name());
        assertEquals("model.norm.weight", t.get(289).name());
        assertEquals("lm_head.weight", t.get(290).name());
        assertEquals(Shape.of(32000, 4096), t.get(290).shape());
        for (ModelSpec.Tensor tensor : t) {
            boolean norm = tensor.shape().rank() == 1;
            assertEquals(norm ? "Ones" : "RandomNormal", tensor.initializer().className(), tensor.name());
            if (!norm) {
                assertEquals(0.02, ((Number) tensor.initializer().getConfig().get("stddev")).doubleValue(), tensor.name());
            }
        }
    }
}
