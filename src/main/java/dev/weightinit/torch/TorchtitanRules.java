package dev.weightinit.torch;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code torchtitan} rule set: torchtitan's own Llama 3 initialization
 * ({@code Transformer.init_weights} in {@code torchtitan/models/llama3/model/model.py}, read at
 * commit 6404b93, with {@code depth_init = True}, its default) on a Hugging Face-named Llama
 * checkpoint, the names torchtitan's {@code state_dict_adapter} maps to and from:
 * <ul>
 *   <li>{@code model.embed_tokens.weight} ({@code tok_embeddings}): {@code normal_}, std 1;</li>
 *   <li>{@code q_proj}, {@code k_proj}, {@code v_proj} ({@code wq, wk, wv}) and {@code mlp.gate_proj}
 *       ({@code w1}): {@code trunc_normal_(std=0.02)} (bounds ±2, far outside: the normal);</li>
 *   <li>{@code o_proj} ({@code wo}), {@code mlp.down_proj} ({@code w2}) and {@code mlp.up_proj}
 *       ({@code w3}) of layer {@code i}: {@code trunc_normal_(std=0.02 / sqrt(2 (i + 1)))};</li>
 *   <li>{@code input_layernorm}, {@code post_attention_layernorm} and {@code model.norm}
 *       ({@code attention_norm}, {@code ffn_norm}, {@code norm}, RMSNorm): 1;</li>
 *   <li>{@code lm_head.weight} ({@code output}, shape (vocab, dim)): {@code trunc_normal_} with std
 *       {@code dim^-1/2} cut at ±3 std: stream spec v2's bounded normal.</li>
 * </ul>
 * Any other tensor is refused by name: the set knows Llama 3's tensors only. Thread-safe: stateless.
 */
public final class TorchtitanRules {
    private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    /** torchtitan's default std of its intermediate linears. */
    static final double STD = 0.02;

    private TorchtitanRules() {
    }

    /** An initializer and the rule that chose it, for the plan. */
    public record Choice(Initializer initializer, String rule) {
    }

    /**
     * @throws IllegalArgumentException for a tensor torchtitan's Llama 3 does not have, naming it
     */
    public static Choice choose(String name, Shape shape) {
        if (name.equals("model.embed_tokens.weight") && shape.rank() == 2) {
            return new Choice(new Normal(0.0, 1.0), "torchtitan: tok_embeddings normal_(std=1)");
        }
        if (name.equals("model.norm.weight") && shape.rank() == 1) {
            return new Choice(new Ones(), "torchtitan: norm 1");
        }
        if (name.equals("lm_head.weight") && shape.rank() == 2) {
            double std = 1 / Math.sqrt(shape.dims()[1]);
            return new Choice(new TruncNormal(0.0, std, -3 * std, 3 * std), "torchtitan: output trunc_normal_(std=dim^-1/2, ±3 std)");
        }
        Matcher layer = LAYER.matcher(name);
        if (layer.matches()) {
            int i;
            try {
                i = Integer.parseInt(layer.group(1));
            } catch (NumberFormatException e) {
                throw refused(name, shape);
            }
            String part = layer.group(2);
            double depth = STD / Math.sqrt(2.0 * (i + 1));
            switch (part) {
                case "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "mlp.gate_proj.weight" -> {
                    return new Choice(new TruncNormal(0.0, STD, -2, 2), "torchtitan: trunc_normal_(std=0.02)");
                }
                case "self_attn.o_proj.weight", "mlp.down_proj.weight", "mlp.up_proj.weight" -> {
                    return new Choice(new TruncNormal(0.0, depth, -2, 2), "torchtitan: trunc_normal_(std=0.02/sqrt(2*(layer+1)))");
                }
                case "input_layernorm.weight", "post_attention_layernorm.weight" -> {
                    return new Choice(new Ones(), "torchtitan: RMSNorm 1");
                }
                default -> throw refused(name, shape);
            }
        }
        throw refused(name, shape);
    }

    private static IllegalArgumentException refused(String name, Shape shape) {
        return new IllegalArgumentException("tensor '" + name + "' " + shape + " is not one of torchtitan's Llama 3 tensors "
                + "(embed_tokens, layers.N.self_attn.{q,k,v,o}_proj, layers.N.mlp.{gate,up,down}_proj, the layer norms, norm, lm_head): "
                + "--rules torchtitan is for Hugging Face-named Llama checkpoints");
    }
}
