package dev.weightinit.torch;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code torchvision} rule sets: each torchvision model family's own initialization, as
 * torchvision 0.14's model source writes it (Debian's python3-torchvision; the files under
 * {@code torchvision/models/}), on a checkpoint with torchvision's own tensor names:
 * <ul>
 *   <li>{@code resnet} (resnet, resnext, wide_resnet; {@code resnet.py}): Conv2d
 *       {@code kaiming_normal_(mode="fan_out", nonlinearity="relu")}, norms 1 and 0, the Linear
 *       head PyTorch's default;</li>
 *   <li>{@code mobilenet_v2}, {@code mobilenet_v3} ({@code mobilenetv2.py}, {@code mobilenetv3.py}):
 *       Conv2d {@code kaiming_normal_(mode="fan_out")}, bias 0, norms 1 and 0, Linear N(0, 0.01), bias 0;</li>
 *   <li>{@code efficientnet} (v1 and v2, {@code efficientnet.py}): as mobilenet, but Linear
 *       U(±1/sqrt(out_features));</li>
 *   <li>{@code convnext} ({@code convnext.py}): Conv2d and Linear {@code trunc_normal_(std=0.02)},
 *       bias 0, LayerNorm 1 and 0, {@code layer_scale} 1e-6;</li>
 *   <li>{@code vit} ({@code vision_transformer.py}): {@code class_token} 0, {@code pos_embedding}
 *       N(0, 0.02), {@code conv_proj} {@code trunc_normal_(std=sqrt(1/fan_in))} and bias 0, attention
 *       ({@code nn.MultiheadAttention}) {@code in_proj_weight} xavier_uniform, its biases 0 and its
 *       {@code out_proj.weight} PyTorch's Linear default, MLP Linear xavier_uniform with bias
 *       N(0, 1e-6), the head 0;</li>
 *   <li>{@code regnet} ({@code regnet.py}): Conv2d N(0, sqrt(2/fan_out)), Conv2d biases (the
 *       squeeze-excitation) PyTorch's default, BatchNorm 1 and 0, Linear N(0, 0.01), bias 0;</li>
 *   <li>{@code densenet} ({@code densenet.py}): Conv2d {@code kaiming_normal_()}, BatchNorm 1 and 0,
 *       Linear PyTorch's default weight, bias 0;</li>
 *   <li>{@code vgg} ({@code vgg.py}): Conv2d {@code kaiming_normal_(mode="fan_out",
 *       nonlinearity="relu")}, bias 0, BatchNorm 1 and 0, Linear N(0, 0.01), bias 0.</li>
 * </ul>
 * Every family's BatchNorm buffers are torch's: running_mean 0, running_var 1, num_batches_tracked 0.
 * Thread-safe: stateless.
 */
public final class TorchvisionRules {
    /** The families, in the order {@link #infer} lists candidates. */
    public static final List<String> FAMILIES = List.of("resnet", "mobilenet_v2", "mobilenet_v3", "efficientnet", "convnext", "vit",
            "regnet", "densenet", "vgg");

    private TorchvisionRules() {
    }

    /**
     * The family of a torchvision model name ({@code resnet50}, {@code mobilenet_v3_small},
     * {@code efficientnet_v2_s}, {@code vit_b_16}, ...) or of a family name itself.
     *
     * @throws IllegalArgumentException for a name of no family, listing them
     */
    public static String family(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("resnet") || m.startsWith("resnext") || m.startsWith("wide_resnet")) {
            return "resnet";
        }
        for (String family : List.of("mobilenet_v2", "mobilenet_v3", "efficientnet", "convnext", "vit", "regnet", "densenet", "vgg")) {
            if (m.startsWith(family)) {
                return family;
            }
        }
        throw new IllegalArgumentException("torchvision model '" + model + "' is of no family these rules know: expected a model of "
                + FAMILIES + " (resnet50, mobilenet_v3_small, efficientnet_b0, convnext_tiny, vit_b_16, ...)");
    }

    /**
     * The family whose tensor names these are, judged from the whole set.
     *
     * @throws IllegalArgumentException when none matches, or several (listing them)
     */
    public static String infer(Collection<String> names) {
        Predicate<String> any = suffix -> names.stream().anyMatch(n -> n.equals(suffix) || n.endsWith("." + suffix));
        boolean features = names.stream().anyMatch(n -> n.startsWith("features."));
        boolean block = names.stream().anyMatch(n -> n.startsWith("features.") && n.contains(".block."));
        List<String> found = new ArrayList<>();
        if (names.contains("conv1.weight") && names.contains("fc.weight") && names.stream().anyMatch(n -> n.startsWith("layer1."))) {
            found.add("resnet");
        }
        if (features && !block && names.stream().anyMatch(n -> n.startsWith("features.") && n.contains(".conv."))
                && names.contains("classifier.1.weight")) {
            found.add("mobilenet_v2");
        }
        if (block && names.contains("classifier.3.weight")) {
            found.add("mobilenet_v3");
        }
        if (block && names.contains("classifier.1.weight")) {
            found.add("efficientnet");
        }
        if (any.test("layer_scale")) {
            found.add("convnext");
        }
        if (names.contains("class_token")) {
            found.add("vit");
        }
        if (names.stream().anyMatch(n -> n.startsWith("trunk_output."))) {
            found.add("regnet");
        }
        if (names.stream().anyMatch(n -> n.contains(".denseblock"))) {
            found.add("densenet");
        }
        if (features && names.contains("classifier.6.weight")) {
            found.add("vgg");
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        throw new IllegalArgumentException(found.isEmpty()
                ? "these tensor names are of no torchvision family these rules know " + FAMILIES + ": give --rules torchvision:MODEL"
                : "these tensor names fit several torchvision families " + found + ": give --rules torchvision:MODEL");
    }

    /**
     * One tensor's initializer in {@code family}.
     *
     * @param shapes every tensor's shape by name (a bias finds its module's weight there)
     * @throws IllegalArgumentException naming a tensor the family's init cannot place
     */
    public static Initializer choose(String family, String name, Shape shape, Map<String, Shape> shapes) {
        String role = name.substring(name.lastIndexOf('.') + 1);
        if (TorchModules.BUFFERS.contains(role)) {
            return role.equals("running_var") ? new Ones() : new Zeros();
        }
        if (family.equals("vit")) {
            Initializer vit = vit(name, shape);
            if (vit != null) {
                return vit;
            }
        }
        if (family.equals("convnext") && role.equals("layer_scale")) {
            return new Constant(1e-6);
        }
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        Shape weight = role.equals("weight") ? shape : shapes.get(stem + ".weight");
        if (weight == null || !(role.equals("weight") || role.equals("bias"))) {
            throw unplaced(family, name, shape);
        }
        boolean bias = role.equals("bias");
        return switch (weight.rank()) {
            case 1 -> bias ? new Zeros() : new Ones(); // BatchNorm, GroupNorm, LayerNorm
            case 4 -> conv(family, name, bias, weight);
            case 2 -> linear(family, name, bias, weight);
            default -> throw unplaced(family, name, shape);
        };
    }

    private static Initializer conv(String family, String name, boolean bias, Shape weight) {
        if (bias) {
            return switch (family) {
                case "regnet", "resnet", "densenet" -> TorchModules.initializer("torch.nn.Conv2d", name, weight, null); // not touched
                default -> new Zeros();
            };
        }
        long[] d = weight.dims();
        return switch (family) {
            case "resnet", "vgg" -> new KaimingNormal(0, "fan_out", "relu");
            case "mobilenet_v2", "mobilenet_v3", "efficientnet" -> new KaimingNormal(0, "fan_out", "leaky_relu");
            case "convnext" -> new TruncNormal(0, 0.02, -2, 2);
            case "regnet" -> new Normal(0, Math.sqrt(2.0 / (d[2] * d[3] * d[0])));
            case "densenet" -> new KaimingNormal(0, "fan_in", "leaky_relu");
            default -> throw unplaced(family, name, weight);
        };
    }

    private static Initializer linear(String family, String name, boolean bias, Shape weight) {
        return switch (family) {
            case "resnet" -> TorchModules.initializer("torch.nn.Linear", name, weight, null);
            case "densenet" -> bias ? new Zeros() : TorchModules.initializer("torch.nn.Linear", name, weight, null);
            case "mobilenet_v2", "mobilenet_v3", "regnet", "vgg" -> bias ? new Zeros() : new Normal(0, 0.01);
            case "efficientnet" -> {
                double range = 1 / Math.sqrt(weight.dims()[0]);
                yield bias ? new Zeros() : new Uniform(-range, range);
            }
            case "convnext" -> bias ? new Zeros() : new TruncNormal(0, 0.02, -2, 2);
            default -> throw unplaced(family, name, weight);
        };
    }

    /** ViT's tensors that are not plain Conv, Linear or norm defaults, or {@code null} for a norm. */
    private static Initializer vit(String name, Shape shape) {
        if (name.equals("class_token") || name.startsWith("heads.head.")) {
            return new Zeros();
        }
        if (name.endsWith("pos_embedding")) {
            return new Normal(0, 0.02);
        }
        if (name.equals("conv_proj.weight") || name.equals("heads.pre_logits.weight")) {
            long[] d = shape.dims();
            long fanIn = d.length == 4 ? d[1] * d[2] * d[3] : d[1];
            return new TruncNormal(0, Math.sqrt(1.0 / fanIn), -2, 2);
        }
        if (name.equals("conv_proj.bias") || name.equals("heads.pre_logits.bias")
                || name.endsWith(".in_proj_bias") || name.endsWith(".out_proj.bias")) {
            return new Zeros();
        }
        if (name.endsWith(".in_proj_weight")) {
            return new XavierUniform(1.0);
        }
        if (name.endsWith(".out_proj.weight")) {
            return new KaimingUniform(Math.sqrt(5), "fan_in", "leaky_relu"); // NonDynamicallyQuantizableLinear's default
        }
        if (name.contains(".mlp.")) {
            return name.endsWith(".bias") ? new Normal(0, 1e-6) : new XavierUniform(1.0);
        }
        return null;
    }

    private static IllegalArgumentException unplaced(String family, String name, Shape shape) {
        return new IllegalArgumentException("tensor '" + name + "' " + shape + " has no place in torchvision's " + family
                + " init (a Conv2d, Linear or norm tensor, or the family's own parameters): is this checkpoint a torchvision " + family + "?");
    }
}
