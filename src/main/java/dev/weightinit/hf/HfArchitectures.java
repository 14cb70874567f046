package dev.weightinit.hf;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
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

    /** The most layers a config may have (real models have at most a few hundred). */
    public static final long MAX_LAYERS = 100_000;
    /** The most tensors a model may have, counted before any is made. */
    public static final long MAX_TENSORS = 2_000_000;

    private HfArchitectures() {
    }

    /** One tensor of the checkpoint. */
    public record Tensor(String name, Shape shape, Initializer initializer) {
    }

    /**
     * The model type of a config: its {@code model_type}, else the type of its first
     * {@code architectures} entry, checked against {@link #ARCHITECTURES}.
     *
     * @throws IllegalArgumentException naming the type and the known ones
     */
    public static String modelType(ConfigReader config) {
        String type = config.text("model_type", "");
        if (type.isEmpty() && config.firstArchitecture() != null) {
            type = ARCHITECTURES.getOrDefault(config.firstArchitecture(), "");
        }
        if (!ARCHITECTURES.containsValue(type)) {
            throw new IllegalArgumentException(config.source() + ": model_type '" + config.text("model_type", "")
                    + "' (architectures " + config.architecturesText() + ") is not known: known are "
                    + new java.util.TreeSet<>(ARCHITECTURES.keySet()) + " (model_type " + new java.util.TreeSet<>(ARCHITECTURES.values()) + ")");
        }
        return type;
    }

    /**
     * Every tensor {@code save_pretrained} writes for the config, in {@code state_dict()} order.
     *
     * @throws IllegalArgumentException naming the config field that is missing or bad, or an unknown architecture
     */
    public static List<Tensor> tensors(ConfigReader config) {
        String type = modelType(config);
        return type.equals("gpt2") ? gpt2(config) : llamaFamily(config, type);
    }

    /**
     * Refuses a layer count or tensor count past the limits before any tensor is made, so a hostile
     * config is refused in milliseconds whatever the heap.
     */
    private static void checkCounts(ConfigReader f, String field, long layers, long tensorsPerLayer) {
        if (layers > MAX_LAYERS) {
            throw new IllegalArgumentException(f.source() + ": config field " + field + " is " + layers + ": at most " + MAX_LAYERS
                    + " layers are supported");
        }
        if (tensorsPerLayer > MAX_TENSORS || layers * tensorsPerLayer > MAX_TENSORS) {
            throw new IllegalArgumentException(f.source() + ": the config makes " + (tensorsPerLayer > MAX_TENSORS ? "more than "
                    + MAX_TENSORS : layers * tensorsPerLayer) + " tensors: at most " + MAX_TENSORS + " are supported");
        }
    }

    /** {@code a * b} for sizes from a config, or an error naming what overflowed. */
    private static long times(ConfigReader f, String what, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(f.source() + ": " + what + " " + a + " x " + b + " is past 2^63 - 1");
        }
    }

    private static List<Tensor> llamaFamily(ConfigReader f, String type) {
        long hidden = f.positive("hidden_size");
        long layers = f.positive("num_hidden_layers");
        long heads = f.positive("num_attention_heads");
        long kvHeads = f.positive("num_key_value_heads", heads);
        if (heads > hidden) {
            throw new IllegalArgumentException(f.source() + ": config field num_attention_heads is " + heads + ": expected at most "
                    + "hidden_size (" + hidden + ")");
        }
        long headDim = f.positive("head_dim", hidden / heads);
        long qRows = times(f, "num_attention_heads x head_dim", heads, headDim);
        long kvRows = times(f, "num_key_value_heads x head_dim", kvHeads, headDim);
        checkCounts(f, "num_hidden_layers", layers, 16 + 3 * (type.equals("mixtral") ? Math.min(f.positive("num_local_experts", 1),
                MAX_TENSORS) : 1));
        long intermediate = f.positive("intermediate_size");
        long vocab = f.positive("vocab_size");
        double range = f.initializerRange();
        boolean attentionBias = type.equals("qwen2") || f.flag("attention_bias", false);
        boolean oBias = !type.equals("qwen2") && f.flag("attention_bias", false);
        boolean mlpBias = f.flag("mlp_bias", false);
        Long pad = f.optionalInteger("pad_token_id");
        Initializer linear = new RandomNormal(0.0, range);
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("model.embed_tokens.weight", Shape.of(vocab, hidden), new Embedding(pad, range)));
        for (long i = 0; i < layers; i++) {
            String l = "model.layers." + i;
            t.add(new Tensor(l + ".self_attn.q_proj.weight", Shape.of(qRows, hidden), linear));
            if (attentionBias) {
                t.add(new Tensor(l + ".self_attn.q_proj.bias", Shape.of(qRows), new Zeros()));
            }
            t.add(new Tensor(l + ".self_attn.k_proj.weight", Shape.of(kvRows, hidden), linear));
            if (attentionBias) {
                t.add(new Tensor(l + ".self_attn.k_proj.bias", Shape.of(kvRows), new Zeros()));
            }
            t.add(new Tensor(l + ".self_attn.v_proj.weight", Shape.of(kvRows, hidden), linear));
            if (attentionBias) {
                t.add(new Tensor(l + ".self_attn.v_proj.bias", Shape.of(kvRows), new Zeros()));
            }
            t.add(new Tensor(l + ".self_attn.o_proj.weight", Shape.of(hidden, qRows), linear));
            if (oBias) {
                t.add(new Tensor(l + ".self_attn.o_proj.bias", Shape.of(hidden), new Zeros()));
            }
            if (type.equals("mixtral")) {
                long experts = f.positive("num_local_experts");
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
        if (!f.flag("tie_word_embeddings", false)) {
            t.add(new Tensor("lm_head.weight", Shape.of(vocab, hidden), linear));
        }
        return t;
    }

    private static List<Tensor> gpt2(ConfigReader f) {
        long d = f.positive("n_embd");
        long layers = f.positive("n_layer");
        checkCounts(f, "n_layer", layers, 12);
        times(f, "3 x n_embd", 3, d);
        long positions = f.positive("n_positions");
        long vocab = f.positive("vocab_size");
        Long nInner = f.optionalInteger("n_inner");
        long inner = nInner != null ? nInner : times(f, "4 x n_embd", 4, d);
        double range = f.initializerRange();
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
}
