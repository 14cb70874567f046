package dev.weightinit.model;

import dev.weightinit.keras.GlorotUniform;
import dev.weightinit.core.Initializer;
import dev.weightinit.keras.Ones;
import dev.weightinit.keras.RandomNormal;
import dev.weightinit.core.Shape;
import dev.weightinit.keras.Zeros;
import dev.weightinit.engine.DType;
import dev.weightinit.torch.KaimingNormal;
import dev.weightinit.torch.TorchModules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Built-in models with the initializers their reference implementations use, expressed as Keras
 * initializers, with the tensor names and shapes of the checkpoints people load:
 * <ul>
 *   <li>{@code mlp-small}: a Keras MNIST MLP 784-512-256-10, Keras defaults (GlorotUniform kernels
 *       {@code (in, out)}, zero biases), 535,818 parameters;</li>
 *   <li>{@code resnet50}: exactly torchvision's ResNet-50 {@code state_dict()} (0.14): 320 entries in
 *       its order, {@code (out, in, kh, kw)} conv kernels with {@code kaiming_normal_(mode="fan_out",
 *       nonlinearity="relu")}, BatchNorm weight 1, bias 0, running mean 0, variance 1 and the int64
 *       {@code num_batches_tracked} 0, the classifier with PyTorch's default Linear init; 25,557,032
 *       parameters plus the buffers;</li>
 *   <li>{@code gpt2-small}: Hugging Face GPT-2 (124M; {@code Conv1D} weights {@code (in, out)},
 *       N(0, 0.02), residual projections N(0, 0.02 / sqrt(2 n_layer)), LayerNorm 1/0), 124,439,808
 *       parameters;</li>
 *   <li>{@code llama-7b}: Hugging Face Llama 2 7B (N(0, 0.02) for every Linear and the embedding,
 *       RMSNorm weight 1), 6,738,415,616 parameters.</li>
 * </ul>
 * The seed is left unset; {@code init} gives every tensor the model seed.
 */
public final class Presets {
    private static final Map<String, Supplier<ModelSpec>> PRESETS = new TreeMap<>(Map.of(
            "mlp-small", Presets::mlpSmall,
            "resnet50", Presets::resnet50,
            "gpt2-small", Presets::gpt2Small,
            "llama-7b", Presets::llama7b));

    private Presets() {
    }

    /** The preset names, sorted. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * @throws IllegalArgumentException naming the preset and the known ones
     */
    public static ModelSpec get(String name) {
        Supplier<ModelSpec> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("preset '" + name + "' does not exist: available are " + names());
        }
        return preset.get();
    }

    private static final class Builder {
        private final String layout;
        private final List<ModelSpec.Tensor> tensors = new ArrayList<>();

        Builder(String layout) {
            this.layout = layout;
        }

        Builder add(String name, Initializer initializer, long... dims) {
            tensors.add(new ModelSpec.Tensor(name, Shape.of(dims), initializer, null));
            return this;
        }

        ModelSpec build() {
            return new ModelSpec(null, null, layout, tensors);
        }
    }

    static ModelSpec mlpSmall() {
        Builder b = new Builder("keras");
        long[] widths = {784, 512, 256, 10};
        for (int i = 1; i < widths.length; i++) {
            String layer = i == 1 ? "dense" : "dense_" + (i - 1); // Keras 3's automatic layer names
            b.add(layer + "/kernel", new GlorotUniform(), widths[i - 1], widths[i]);
            b.add(layer + "/bias", new Zeros(), widths[i]);
        }
        return b.build();
    }

    /** torchvision's {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")} on an (out, in, kh, kw) kernel. */
    private static Initializer kaimingConv() {
        return new KaimingNormal(0.0, "fan_out", "relu");
    }

    /** A {@code BatchNorm2d}'s state_dict entries, in torch's order: weight 1, bias 0, and its three buffers. */
    private static void batchNorm(Builder b, String name, long channels) {
        for (String role : new String[] {"weight", "bias", "running_mean", "running_var", "num_batches_tracked"}) {
            String tensor = name + "." + role;
            Initializer init = TorchModules.initializer("torch.nn.BatchNorm2d", tensor, null, null);
            if (role.equals("num_batches_tracked")) {
                b.tensors.add(new ModelSpec.Tensor(tensor, Shape.of(), init, DType.INT64, true));
            } else {
                b.tensors.add(new ModelSpec.Tensor(tensor, Shape.of(channels), init, null, TorchModules.isBuffer(tensor)));
            }
        }
    }

    static ModelSpec resnet50() {
        Builder b = new Builder("torch");
        b.add("conv1.weight", kaimingConv(), 64, 3, 7, 7);
        batchNorm(b, "bn1", 64);
        int[] blocks = {3, 4, 6, 3};
        long inplanes = 64;
        for (int layer = 0; layer < 4; layer++) {
            long planes = 64L << layer;
            for (int block = 0; block < blocks[layer]; block++) {
                String prefix = "layer" + (layer + 1) + "." + block;
                b.add(prefix + ".conv1.weight", kaimingConv(), planes, inplanes, 1, 1);
                batchNorm(b, prefix + ".bn1", planes);
                b.add(prefix + ".conv2.weight", kaimingConv(), planes, planes, 3, 3);
                batchNorm(b, prefix + ".bn2", planes);
                b.add(prefix + ".conv3.weight", kaimingConv(), planes * 4, planes, 1, 1);
                batchNorm(b, prefix + ".bn3", planes * 4);
                if (block == 0) {
                    b.add(prefix + ".downsample.0.weight", kaimingConv(), planes * 4, inplanes, 1, 1);
                    batchNorm(b, prefix + ".downsample.1", planes * 4);
                }
                inplanes = planes * 4;
            }
        }
        // PyTorch's default Linear init: kaiming_uniform_(a=√5) for the weight, U(±1/sqrt(fan_in)) for the bias.
        b.add("fc.weight", TorchModules.initializer("torch.nn.Linear", "fc.weight", null, null), 1000, 2048);
        b.add("fc.bias", TorchModules.initializer("torch.nn.Linear", "fc.bias", Shape.of(1000, 2048), null), 1000);
        return b.build();
    }

    static ModelSpec gpt2Small() {
        int layers = 12;
        long d = 768;
        Builder b = new Builder("torch");
        Initializer normal = new RandomNormal(0.0, 0.02);
        Initializer residual = new RandomNormal(0.0, 0.02 / Math.sqrt(2.0 * layers));
        b.add("wte.weight", normal, 50257, d);
        b.add("wpe.weight", normal, 1024, d);
        for (int i = 0; i < layers; i++) {
            String h = "h." + i;
            b.add(h + ".ln_1.weight", new Ones(), d);
            b.add(h + ".ln_1.bias", new Zeros(), d);
            b.add(h + ".attn.c_attn.weight", normal, d, 3 * d);
            b.add(h + ".attn.c_attn.bias", new Zeros(), 3 * d);
            b.add(h + ".attn.c_proj.weight", residual, d, d);
            b.add(h + ".attn.c_proj.bias", new Zeros(), d);
            b.add(h + ".ln_2.weight", new Ones(), d);
            b.add(h + ".ln_2.bias", new Zeros(), d);
            b.add(h + ".mlp.c_fc.weight", normal, d, 4 * d);
            b.add(h + ".mlp.c_fc.bias", new Zeros(), 4 * d);
            b.add(h + ".mlp.c_proj.weight", residual, 4 * d, d);
            b.add(h + ".mlp.c_proj.bias", new Zeros(), d);
        }
        b.add("ln_f.weight", new Ones(), d);
        b.add("ln_f.bias", new Zeros(), d);
        return b.build();
    }

    static ModelSpec llama7b() {
        int layers = 32;
        long d = 4096;
        long ff = 11008;
        long vocab = 32000;
        Builder b = new Builder("torch");
        Initializer normal = new RandomNormal(0.0, 0.02);
        b.add("model.embed_tokens.weight", normal, vocab, d);
        for (int i = 0; i < layers; i++) {
            String l = "model.layers." + i;
            for (String projection : new String[] {"q_proj", "k_proj", "v_proj", "o_proj"}) {
                b.add(l + ".self_attn." + projection + ".weight", normal, d, d);
            }
            b.add(l + ".mlp.gate_proj.weight", normal, ff, d);
            b.add(l + ".mlp.up_proj.weight", normal, ff, d);
            b.add(l + ".mlp.down_proj.weight", normal, d, ff);
            b.add(l + ".input_layernorm.weight", new Ones(), d);
            b.add(l + ".post_attention_layernorm.weight", new Ones(), d);
        }
        b.add("model.norm.weight", new Ones(), d);
        b.add("lm_head.weight", normal, vocab, d);
        return b.build();
    }
}
