package dev.weightinit.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.Ones;
import dev.weightinit.keras.RandomNormal;
import dev.weightinit.keras.Zeros;
import dev.weightinit.torch.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face architectures as data: from a {@code config.json}, every tensor that
 * {@code save_pretrained} writes, in {@code state_dict()} order, with the shape of transformers'
 * modeling code (transformers 4.46: {@code models/llama/modeling_llama.py},
 * {@code models/mistral/modeling_mistral.py}, {@code models/qwen2/modeling_qwen2.py},
 * {@code models/mixtral/modeling_mixtral.py}, {@code models/gpt2/modeling_gpt2.py}) and the value
 * of each class's {@code _init_weights}: Linear N(0, {@code initializer_range}) with zero bias,
 * Embedding N(0, {@code initializer_range}) with the {@code pad_token_id} row zero, norms weight 1
 * (bias 0), GPT-2's {@code c_proj.weight} N(0, range / sqrt(2 n_layer)). Tied embeddings write no
 * {@code lm_head.weight}; non-persistent buffers ({@code inv_freq}, GPT-2's masks) are not written.
 * Thread-safe: stateless.
 */
public final class HfArchitectures {
    /** The architectures read, by the class name in {@code "architectures"} (or {@code model_type}). */
    public static final Map<String, String> ARCHITECTURES = Map.of("LlamaForCausalLM", "llama", "MistralForCausalLM", "mistral",
            "Qwen2ForCausalLM", "qwen2", "MixtralForCausalLM", "mixtral", "GPT2LMHeadModel", "gpt2");

    private HfArchitectures() {
    }

    /** One tensor of the checkpoint. */
    public record Tensor(String name, Shape shape, Initializer initializer) {
    }

    /** The model type of a config: its {@code model_type}, checked against {@link #ARCHITECTURES}. */
    public static String modelType(JsonNode config, String source) {
        String type = config.path("model_type").asText("");
        if (type.isEmpty() && config.path("architectures").isArray() && config.get("architectures").size() > 0) {
            type = ARCHITECTURES.getOrDefault(config.get("architectures").get(0).asText(), "");
        }
        if (!ARCHITECTURES.containsValue(type)) {
            throw new IllegalArgumentException(source + ": model_type '" + config.path("model_type").asText("")
                    + "' (architectures " + config.path("architectures") + ") is not known: known are "
                    + new java.util.TreeSet<>(ARCHITECTURES.keySet()) + " (model_type " + new java.util.TreeSet<>(ARCHITECTURES.values()) + ")");
        }
        return type;
    }

    /** The dtype of a config's {@code torch_dtype} (or {@code dtype}), or {@code null}. */
    public static DType dtype(JsonNode config) {
        String name = config.path("torch_dtype").asText(config.path("dtype").asText(""));
        return switch (name) {
            case "bfloat16" -> DType.BFLOAT16;
            case "float16" -> DType.FLOAT16;
            case "float32" -> DType.FLOAT32;
            default -> null;
        };
    }

    /**
     * @throws IllegalArgumentException naming the config field that is missing or bad, or an unknown architecture
     */
    public static List<Tensor> tensors(JsonNode config, String source) {
        Fields f = new Fields(config, source);
        return switch (modelType(config, source)) {
            case "gpt2" -> gpt2(f);
            default -> llamaFamily(f, modelType(config, source));
        };
    }

    private static List<Tensor> llamaFamily(Fields f, String type) {
        long hidden = f.get("hidden_size");
        long layers = f.get("num_hidden_layers");
        long heads = f.get("num_attention_heads");
        long kvHeads = f.get("num_key_value_heads", heads);
        long headDim = f.get("head_dim", hidden / heads);
        long intermediate = f.get("intermediate_size");
        long vocab = f.get("vocab_size");
        double range = f.range();
        boolean attentionBias = type.equals("qwen2") || f.config.path("attention_bias").asBoolean(false);
        boolean oBias = !type.equals("qwen2") && f.config.path("attention_bias").asBoolean(false);
        boolean mlpBias = f.config.path("mlp_bias").asBoolean(false);
        Long pad = f.config.path("pad_token_id").canConvertToLong() ? f.config.get("pad_token_id").asLong() : null;
        Initializer linear = new RandomNormal(0.0, range);
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("model.embed_tokens.weight", Shape.of(vocab, hidden), new Embedding(pad, range)));
        for (long i = 0; i < layers; i++) {
            String l = "model.layers." + i;
            t.add(new Tensor(l + ".self_attn.q_proj.weight", Shape.of(heads * headDim, hidden), linear));
            if (attentionBias) {
                t.add(new Tensor(l + ".self_attn.q_proj.bias", Shape.of(heads * headDim), new Zeros()));
            }
            t.add(new Tensor(l + ".self_attn.k_proj.weight", Shape.of(kvHeads * headDim, hidden), linear));
            if (attentionBias) {
                t.add(new Tensor(l + ".self_attn.k_proj.bias", Shape.of(kvHeads * headDim), new Zeros()));
            }
            t.add(new Tensor(l + ".self_attn.v_proj.weight", Shape.of(kvHeads * headDim, hidden), linear));
            if (attentionBias) {
                t.add(new Tensor(l + ".self_attn.v_proj.bias", Shape.of(kvHeads * headDim), new Zeros()));
            }
            t.add(new Tensor(l + ".self_attn.o_proj.weight", Shape.of(hidden, heads * headDim), linear));
            if (oBias) {
                t.add(new Tensor(l + ".self_attn.o_proj.bias", Shape.of(hidden), new Zeros()));
            }
            if (type.equals("mixtral")) {
                long experts = f.get("num_local_experts");
                t.add(new Tensor(l + ".block_sparse_moe.gate.weight", Shape.of(experts, hidden), linear));
                for (long e = 0; e < experts; e++) {
                    String x = l + ".block_sparse_moe.experts." + e;
                    t.add(new Tensor(x + ".w1.weight", Shape.of(intermediate, hidden), linear));
                    t.add(new Tensor(x + ".w2.weight", Shape.of(hidden, intermediate), linear));
                    t.add(new Tensor(x + ".w3.weight", Shape.of(intermediate, hidden), linear));
                }
            } else {
                for (String[] proj : new String[][] {{"gate_proj", "i"}, {"up_proj", "i"}, {"down_proj", "h"}}) {
                    Shape shape = proj[1].equals("i") ? Shape.of(intermediate, hidden) : Shape.of(hidden, intermediate);
                    t.add(new Tensor(l + ".mlp." + proj[0] + ".weight", shape, linear));
                    if (mlpBias) {
                        t.add(new Tensor(l + ".mlp." + proj[0] + ".bias", Shape.of(shape.dim(0)), new Zeros()));
                    }
                }
            }
            t.add(new Tensor(l + ".input_layernorm.weight", Shape.of(hidden), new Ones()));
            t.add(new Tensor(l + ".post_attention_layernorm.weight", Shape.of(hidden), new Ones()));
        }
        t.add(new Tensor("model.norm.weight", Shape.of(hidden), new Ones()));
        if (!f.config.path("tie_word_embeddings").asBoolean(false)) {
            t.add(new Tensor("lm_head.weight", Shape.of(vocab, hidden), linear));
        }
        return t;
    }

    private static List<Tensor> gpt2(Fields f) {
        long d = f.get("n_embd");
        long layers = f.get("n_layer");
        long positions = f.get("n_positions");
        long vocab = f.get("vocab_size");
        long inner = f.config.path("n_inner").canConvertToLong() ? f.config.get("n_inner").asLong() : 4 * d;
        double range = f.range();
        Initializer normal = new RandomNormal(0.0, range);
        Initializer residual = new RandomNormal(0.0, range / Math.sqrt(2.0 * layers));
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("transformer.wte.weight", Shape.of(vocab, d), normal));
        t.add(new Tensor("transformer.wpe.weight", Shape.of(positions, d), normal));
        for (long i = 0; i < layers; i++) {
            String h = "transformer.h." + i;
            t.add(new Tensor(h + ".ln_1.weight", Shape.of(d), new Ones()));
            t.add(new Tensor(h + ".ln_1.bias", Shape.of(d), new Zeros()));
            t.add(new Tensor(h + ".attn.c_attn.weight", Shape.of(d, 3 * d), normal));
            t.add(new Tensor(h + ".attn.c_attn.bias", Shape.of(3 * d), new Zeros()));
            t.add(new Tensor(h + ".attn.c_proj.weight", Shape.of(d, d), residual));
            t.add(new Tensor(h + ".attn.c_proj.bias", Shape.of(d), new Zeros()));
            t.add(new Tensor(h + ".ln_2.weight", Shape.of(d), new Ones()));
            t.add(new Tensor(h + ".ln_2.bias", Shape.of(d), new Zeros()));
            t.add(new Tensor(h + ".mlp.c_fc.weight", Shape.of(d, inner), normal));
            t.add(new Tensor(h + ".mlp.c_fc.bias", Shape.of(inner), new Zeros()));
            t.add(new Tensor(h + ".mlp.c_proj.weight", Shape.of(inner, d), residual));
            t.add(new Tensor(h + ".mlp.c_proj.bias", Shape.of(d), new Zeros()));
        }
        t.add(new Tensor("transformer.ln_f.weight", Shape.of(d), new Ones()));
        t.add(new Tensor("transformer.ln_f.bias", Shape.of(d), new Zeros()));
        return t; // GPT2LMHeadModel ties lm_head.weight to wte: save_pretrained does not write it
    }

    /** Required integer fields, named when missing. */
    private record Fields(JsonNode config, String source) {
        long get(String name) {
            JsonNode node = config.path(name);
            if (!node.canConvertToExactIntegral() || node.asLong() < 1) {
                throw new IllegalArgumentException(source + ": config field " + name + " is " + (node.isMissingNode() ? "missing" : node)
                        + ": expected a positive integer");
            }
            return node.asLong();
        }

        long get(String name, long fallback) {
            return config.path(name).isMissingNode() || config.get(name).isNull() ? fallback : get(name);
        }

        double range() {
            JsonNode node = config.path("initializer_range");
            if (node.isMissingNode()) {
                return 0.02;
            }
            if (!node.isNumber() || !(node.asDouble() >= 0)) {
                throw new IllegalArgumentException(source + ": config field initializer_range is " + node + ": expected a number >= 0");
            }
            return node.asDouble();
        }
    }
}
