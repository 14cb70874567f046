package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.core.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The presets by name, and Llama 7B written out: 6,738,415,616 parameters (Meta's LLaMA-7B and
 * Llama-2-7B; transformers' {@code LlamaForCausalLM} with hidden 4096, 32 layers, MLP 11008, vocabulary
 * 32000, untied {@code lm_head}), 291 tensors in state_dict order.
 */
class PresetsEdgesTest {
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
