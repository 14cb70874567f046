package dev.weightinit.hf;

import dev.weightinit.model.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Shape;
import dev.weightinit.hf.ConfigReader;
import dev.weightinit.hf.HfArchitectures;
import dev.weightinit.engine.DType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link HfArchitectures}: the Hugging Face tables' optional fields as transformers 4.46 reads them
 * ({@code LlamaConfig.attention_bias} / {@code mlp_bias}, Qwen2's q/k/v-only bias in {@code modeling_qwen2.py},
 * Mixtral's experts, {@code tie_word_embeddings}, {@code pad_token_id}, {@code head_dim}), and config errors naming the field.
 */
class HfArchitecturesTest {

    private static ConfigReader config(String json) {
        return ConfigReader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "c.json");
    }

    private static Map<String, String> table(String json) throws Exception {
        return HfArchitectures.tensors(config(json)).stream().collect(Collectors.toMap(HfArchitectures.Tensor::name,
                t -> t.shape() + " " + t.initializer().className(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static final String LLAMA = "\"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, "
            + "\"intermediate_size\": 12, \"vocab_size\": 10";

    @Test
    void huggingFaceOptionalFieldsAreTransformers() throws Exception {
        Map<String, String> llama = table("{\"model_type\": \"llama\", " + LLAMA + ", \"attention_bias\": true, \"mlp_bias\": true, "
                + "\"num_key_value_heads\": 1, \"head_dim\": 3, \"tie_word_embeddings\": true}");
        assertEquals(List.of("model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj.bias",
                "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.k_proj.bias", "model.layers.0.self_attn.v_proj.weight",
                "model.layers.0.self_attn.v_proj.bias", "model.layers.0.self_attn.o_proj.weight", "model.layers.0.self_attn.o_proj.bias",
                "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.gate_proj.bias", "model.layers.0.mlp.up_proj.weight",
                "model.layers.0.mlp.up_proj.bias", "model.layers.0.mlp.down_proj.weight", "model.layers.0.mlp.down_proj.bias",
                "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight", "model.norm.weight"),
                List.copyOf(llama.keySet()), "tied: no lm_head.weight");
        assertEquals("(6, 8) RandomNormal", llama.get("model.layers.0.self_attn.q_proj.weight"), "heads * head_dim rows");
        assertEquals("(3, 8) RandomNormal", llama.get("model.layers.0.self_attn.k_proj.weight"), "kv heads * head_dim rows");
        assertEquals("(3,) Zeros", llama.get("model.layers.0.self_attn.v_proj.bias"));
        assertEquals("(8,) Zeros", llama.get("model.layers.0.self_attn.o_proj.bias"));
        assertEquals("(8, 6) RandomNormal", llama.get("model.layers.0.self_attn.o_proj.weight"));
        assertEquals("(12,) Zeros", llama.get("model.layers.0.mlp.up_proj.bias"));
        assertEquals("(8,) Zeros", llama.get("model.layers.0.mlp.down_proj.bias"));
        Map<String, String> qwen = table("{\"model_type\": \"qwen2\", " + LLAMA + "}");
        assertTrue(qwen.containsKey("model.layers.0.self_attn.q_proj.bias") && qwen.containsKey("model.layers.0.self_attn.k_proj.bias")
                && qwen.containsKey("model.layers.0.self_attn.v_proj.bias"), "Qwen2: q, k, v biases");
        assertFalse(qwen.containsKey("model.layers.0.self_attn.o_proj.bias"), "Qwen2: o_proj has no bias");
        assertEquals("(10, 8) RandomNormal", qwen.get("lm_head.weight"));
        assertEquals("(8, 8) RandomNormal", qwen.get("model.layers.0.self_attn.k_proj.weight"), "kv heads default to heads, head_dim 4");
        Map<String, String> plain = table("{\"architectures\": [\"MistralForCausalLM\"], " + LLAMA + ", \"attention_bias\": false}");
        assertEquals(12, plain.size(), "no biases: embed; q, k, v, o, gate, up, down and 2 norms; norm; lm_head");
        Map<String, String> mixtral = table("{\"model_type\": \"mixtral\", " + LLAMA + ", \"num_local_experts\": 2}");
        assertEquals("(2, 8) RandomNormal", mixtral.get("model.layers.0.block_sparse_moe.gate.weight"));
        assertEquals("(8, 12) RandomNormal", mixtral.get("model.layers.0.block_sparse_moe.experts.1.w2.weight"));
        assertFalse(mixtral.containsKey("model.layers.0.mlp.up_proj.weight"));
        List<HfArchitectures.Tensor> padded = HfArchitectures.tensors(config("{\"model_type\": \"llama\", " + LLAMA
                + ", \"pad_token_id\": 3, \"initializer_range\": 0.05}"));
        assertEquals(3L, ((Number) padded.get(0).initializer().getConfig().get("padding_idx")).longValue());
        assertEquals(0.05, ((Number) padded.get(0).initializer().getConfig().get("std")).doubleValue());
        assertEquals(0.05, ((Number) padded.get(1).initializer().getConfig().get("stddev")).doubleValue());
        List<HfArchitectures.Tensor> gpt2 = HfArchitectures.tensors(config("{\"model_type\": \"gpt2\", \"n_embd\": 4, \"n_layer\": 3, "
                + "\"n_positions\": 5, \"vocab_size\": 7, \"n_inner\": 6}"));
        assertEquals(2 + 12 * 3 + 2, gpt2.size());
        assertEquals(Shape.of(4, 6), gpt2.get(2 + 8).shape(), "n_inner given: c_fc is (n_embd, n_inner)");
        assertEquals(0.02 / Math.sqrt(6), ((Number) gpt2.get(2 + 4).initializer().getConfig().get("stddev")).doubleValue(), 1e-15,
                "c_proj: range / sqrt(2 n_layer)");
    }

    @Test
    void huggingFaceConfigErrorsNameTheField() throws Exception {
        assertEquals("c.json: config field hidden_size is 0: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA.replace("\"hidden_size\": 8", "\"hidden_size\": 0") + "}"));
        assertEquals("c.json: config field hidden_size is 1.5: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA.replace("\"hidden_size\": 8", "\"hidden_size\": 1.5") + "}"));
        assertEquals("c.json: config field vocab_size is missing: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA.replace(", \"vocab_size\": 10", "") + "}"));
        assertEquals("c.json: config field num_key_value_heads is 0: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA + ", \"num_key_value_heads\": 0}"));
        assertEquals(4, HfArchitectures.tensors(config("{\"model_type\": \"llama\", " + LLAMA + ", \"num_key_value_heads\": null}"))
                .get(2).shape().dim(0) / 2, "null means the default");
        assertEquals("c.json: config field initializer_range is -0.1: expected a number >= 0",
                tableError("{\"model_type\": \"llama\", " + LLAMA + ", \"initializer_range\": -0.1}"));
        assertEquals("c.json: config field initializer_range is \"x\": expected a number >= 0",
                tableError("{\"model_type\": \"llama\", " + LLAMA + ", \"initializer_range\": \"x\"}"));
        assertEquals(0.0, ((Number) HfArchitectures.tensors(config("{\"model_type\": \"llama\", " + LLAMA + ", \"initializer_range\": 0}")).get(1).initializer().getConfig().get("stddev")).doubleValue(), "0 is allowed");
        String unknown = tableError("{\"model_type\": \"bert\", " + LLAMA + "}");
        assertTrue(unknown.startsWith("c.json: model_type 'bert' (architectures ) is not known: known are [GPT2LMHeadModel, "), unknown);
        assertTrue(tableError("{\"architectures\": [], " + LLAMA + "}").startsWith("c.json: model_type '' (architectures []) is not known"));
        assertTrue(tableError("{\"architectures\": [\"BertModel\"], " + LLAMA + "}").startsWith("c.json: model_type '' (architectures "
                + "[\"BertModel\"]) is not known"));
        assertEquals(DType.BFLOAT16, config("{\"torch_dtype\": \"bfloat16\"}").dtype());
        assertEquals(DType.FLOAT16, config("{\"dtype\": \"float16\"}").dtype());
        assertEquals(DType.FLOAT32, config("{\"torch_dtype\": \"float32\", \"dtype\": \"float16\"}").dtype());
        assertNull(config("{\"torch_dtype\": \"int8\"}").dtype());
    }

    /** No intermediate_size: a config the count checks let through fails on that field, one they refuse fails on the count. */
    private static final String COUNTED = "{\"model_type\": \"%s\", \"hidden_size\": 8, \"num_attention_heads\": 2, \"vocab_size\": 10, "
            + "\"num_hidden_layers\": %d, \"num_local_experts\": %d}";

    private static String countError(String type, long layers, long experts) {
        return tableError(String.format(COUNTED, type, layers, experts));
    }

    /**
     * The limits, at and past their edges, without building a tensor: 100,000 layers (19 tensors each
     * counted: 1.9M) pass; 100,001 do not; Mixtral's count per layer is 16 + 3 x experts, so 2 layers of
     * 333,328 experts are exactly 2,000,000 tensors (allowed) and 3 layers are 3,000,000 (refused).
     */
    @Test
    void layerAndTensorLimitsHoldAtTheirEdges() {
        String throughTheChecks = "c.json: config field intermediate_size is missing: expected a positive integer of at most 2^63 - 1";
        assertEquals(throughTheChecks, countError("llama", HfArchitectures.MAX_LAYERS, 1));
        assertEquals("c.json: config field num_hidden_layers is 100001: at most 100000 layers are supported",
                countError("llama", HfArchitectures.MAX_LAYERS + 1, 1));
        assertEquals(throughTheChecks, countError("mixtral", 2, 333_328));
        assertEquals("c.json: the config makes 3000000 tensors: at most 2000000 are supported", countError("mixtral", 3, 333_328));
        assertEquals("c.json: the config makes more than 2000000 tensors: at most 2000000 are supported",
                countError("mixtral", 1, 1_000_000_000_000L));
        assertEquals("c.json: config field n_layer is 100001: at most 100000 layers are supported",
                tableError("{\"model_type\": \"gpt2\", \"n_embd\": 8, \"n_layer\": 100001, \"vocab_size\": 10}"));
    }

    /** GPT-2's Conv1D weights are (in, out): c_attn (d, 3d), c_fc (d, n_inner, else 4d), c_proj back to d. */
    @Test
    void gpt2ShapesAreConv1dsInOut() throws Exception {
        String gpt2 = "{\"model_type\": \"gpt2\", \"n_embd\": 8, \"n_layer\": 1, \"n_positions\": 16, \"vocab_size\": 10%s}";
        Map<String, String> fourD = table(String.format(gpt2, ""));
        assertEquals("(8, 24) RandomNormal", fourD.get("transformer.h.0.attn.c_attn.weight"));
        assertEquals("(24,) Zeros", fourD.get("transformer.h.0.attn.c_attn.bias"));
        assertEquals("(8, 32) RandomNormal", fourD.get("transformer.h.0.mlp.c_fc.weight"));
        assertEquals("(32, 8) RandomNormal", fourD.get("transformer.h.0.mlp.c_proj.weight"));
        assertEquals("(8, 20) RandomNormal", table(String.format(gpt2, ", \"n_inner\": 20")).get("transformer.h.0.mlp.c_fc.weight"));
    }

    /** Mixtral's experts are numbered 0 .. num_local_experts - 1, each w1, w2, w3. */
    @Test
    void mixtralHasExactlyItsExperts() throws Exception {
        Map<String, String> mixtral = table("{\"model_type\": \"mixtral\", " + LLAMA + ", \"num_local_experts\": 2}");
        assertEquals("(12, 8) RandomNormal", mixtral.get("model.layers.0.block_sparse_moe.experts.1.w1.weight"));
        assertEquals("(8, 12) RandomNormal", mixtral.get("model.layers.0.block_sparse_moe.experts.1.w2.weight"));
        assertFalse(mixtral.containsKey("model.layers.0.block_sparse_moe.experts.2.w1.weight"));
        assertEquals("(2, 8) RandomNormal", mixtral.get("model.layers.0.block_sparse_moe.gate.weight"));
    }

    /** transformers splits the hidden size among the heads: as many heads as hidden units (head_dim 1) is the most. */
    @Test
    void attentionHeadsAreAtMostTheHiddenSize() throws Exception {
        Map<String, String> oneUnitHeads = table("{\"model_type\": \"llama\", \"hidden_size\": 4, \"num_hidden_layers\": 1, "
                + "\"num_attention_heads\": 4, \"intermediate_size\": 6, \"vocab_size\": 10}");
        assertEquals("(4, 4) RandomNormal", oneUnitHeads.get("model.layers.0.self_attn.q_proj.weight"));
        assertEquals("c.json: config field num_attention_heads is 5: expected at most hidden_size (4)",
                tableError("{\"model_type\": \"llama\", \"hidden_size\": 4, \"num_hidden_layers\": 1, "
                        + "\"num_attention_heads\": 5, \"intermediate_size\": 6, \"vocab_size\": 10}"));
    }

    private static String tableError(String json) {
        return assertThrows(IllegalArgumentException.class, () -> table(json)).getMessage();
    }
}
