package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weightinit.cli.CliProbe;
import dev.weightinit.core.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --rules torchvision:MODEL} and {@code --rules torchvision}: torchvision's own model inits.
 * The client tests build each model with Debian's torchvision 0.14, write its state_dict as the
 * layout, run {@code init --like}, then compare every tensor with a freshly built model's own init
 * ({@code torch_check.py tv_compare}): constant tensors must be equal, the others pass a two-sample
 * Kolmogorov–Smirnov test at p >= 1e-6 (about 1e-4 false alarms over a model's few hundred
 * tensors). That comparison can fail: PyTorch's plain module defaults ({@code --rules torch}) differ
 * from resnet50's own init in every conv (kaiming_uniform(√5) against kaiming_normal fan_out).
 */
class TorchvisionRulesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"resnet50, resnet", "resnext101_32x8d, resnet", "wide_resnet50_2, resnet", "mobilenet_v2, mobilenet_v2",
        "mobilenet_v3_small, mobilenet_v3", "efficientnet_b0, efficientnet", "efficientnet_v2_s, efficientnet", "convnext_tiny, convnext",
        "vit_b_16, vit", "regnet_y_400mf, regnet", "densenet121, densenet", "vgg16_bn, vgg"})
    void aModelNameGivesItsFamily(String model, String family) {
        assertEquals(family, TorchvisionRules.family(model));
    }

    @Test
    void anUnknownModelOrNameSetIsRefusedListingWhatIsKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.family("alexnet"));
        assertTrue(e.getMessage().contains("'alexnet'") && e.getMessage().contains("resnet"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.infer(Set.of("w", "b")));
        assertTrue(e.getMessage().contains("torchvision:MODEL"), e.getMessage());
        // names of two families at once: ambiguous, both listed
        e = assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.infer(Set.of("class_token", "features.1.0.layer_scale")));
        assertTrue(e.getMessage().contains("[convnext, vit]"), e.getMessage());
    }

    @Test
    void familyParametersAndBuffers() {
        Map<String, Shape> none = Map.of();
        assertEquals(Constant.class, TorchvisionRules.choose("convnext", "features.1.0.layer_scale", Shape.of(96, 1, 1), none).getClass());
        assertEquals(1e-6, (Double) TorchvisionRules.choose("convnext", "features.1.0.layer_scale", Shape.of(96, 1, 1), none)
                .getConfig().get("val"), 0);
        assertEquals(Zeros.class, TorchvisionRules.choose("vit", "class_token", Shape.of(1, 1, 768), none).getClass());
        assertEquals(0.02, TorchvisionRules.choose("vit", "encoder.pos_embedding", Shape.of(1, 197, 768), none)
                .expectedStddev(Shape.of(1, 197, 768)).orElseThrow(), 1e-9);
        assertEquals(Ones.class, TorchvisionRules.choose("resnet", "bn1.running_var", Shape.of(64), none).getClass());
        assertEquals(Zeros.class, TorchvisionRules.choose("resnet", "bn1.num_batches_tracked", Shape.of(), none).getClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchvisionRules.choose("resnet", "layer1.0.conv1.extra", Shape.of(3), none));
        assertTrue(e.getMessage().contains("layer1.0.conv1.extra"), e.getMessage());
    }

    /** Each real model's whole name set names its family and no other; every tensor of it is placed. */
    @Test
    void theNameSetsOfTorchvisionsOwnModelsInferTheirFamilyAndEveryTensorIsPlaced() throws Exception {
        Map<String, Map<String, Shape>> models = TorchvisionStateDicts.load();
        assertEquals(9, models.size());
        for (Map.Entry<String, Map<String, Shape>> model : models.entrySet()) {
            String family = TorchvisionRules.family(model.getKey());
            assertEquals(family, TorchvisionRules.infer(model.getValue().keySet()), model.getKey());
            model.getValue().forEach((name, shape) -> assertTrue(TorchvisionRules.choose(family, name, shape, model.getValue()) != null));
        }
    }

    /**
     * One tensor's initializer: its torch name and its arguments (numbers to 1e-12, relative),
     * nothing else but the seed. Expected values are read off torchvision 0.14's model files
     * ({@code _init_weights} / the constructors' init loops) and worked by hand from the shapes.
     */
    private static void assertInit(Map<String, Shape> model, String family, String tensor, String className, Object... arguments) {
        dev.weightinit.core.Initializer init = TorchvisionRules.choose(family, tensor, model.get(tensor), model);
        assertEquals(className, init.className(), tensor);
        Map<String, Object> config = new java.util.LinkedHashMap<>(init.getConfig());
        config.remove("seed");
        assertEquals(arguments.length / 2, config.size(), tensor + " " + config);
        for (int i = 0; i < arguments.length; i += 2) {
            Object expected = arguments[i + 1];
            Object actual = config.get((String) arguments[i]);
            if (expected instanceof Number n) {
                double e = n.doubleValue();
                assertEquals(e, ((Number) actual).doubleValue(), Math.abs(e) * 1e-12, tensor + " " + arguments[i]);
            } else {
                assertEquals(expected, actual, tensor + " " + arguments[i]);
            }
        }
    }

    @Test
    void eachFamilysTensorsGetTheInitItsModelFileWrites() throws Exception {
        Map<String, Map<String, Shape>> m = TorchvisionStateDicts.load();
        Object[] fanOutRelu = {"a", 0.0, "mode", "fan_out", "nonlinearity", "relu"};
        Object[] linearDefault = {"a", Math.sqrt(5), "mode", "fan_in", "nonlinearity", "leaky_relu"};
        // resnet.py: Conv2d kaiming_normal_(fan_out, relu); BatchNorm 1/0; fc is nn.Linear's own reset_parameters.
        Map<String, Shape> resnet = m.get("resnet18");
        assertInit(resnet, "resnet", "conv1.weight", "kaiming_normal_", fanOutRelu);
        assertInit(resnet, "resnet", "layer1.0.bn1.weight", "ones_");
        assertInit(resnet, "resnet", "layer1.0.bn1.bias", "zeros_");
        assertInit(resnet, "resnet", "layer1.0.bn1.running_mean", "zeros_");
        assertInit(resnet, "resnet", "layer1.0.bn1.running_var", "ones_");
        assertInit(resnet, "resnet", "fc.weight", "kaiming_uniform_", linearDefault);
        assertInit(resnet, "resnet", "fc.bias", "uniform_", "a", -1 / Math.sqrt(512), "b", 0.044194173824159216); // 1/sqrt(512)
        // mobilenetv2.py / mobilenetv3.py: Conv2d kaiming_normal_(fan_out), bias 0; Linear N(0, 0.01), bias 0.
        Object[] fanOutLeaky = {"a", 0.0, "mode", "fan_out", "nonlinearity", "leaky_relu"};
        assertInit(m.get("mobilenet_v2"), "mobilenet_v2", "features.0.0.weight", "kaiming_normal_", fanOutLeaky);
        assertInit(m.get("mobilenet_v2"), "mobilenet_v2", "classifier.1.weight", "normal_", "mean", 0.0, "std", 0.01);
        assertInit(m.get("mobilenet_v2"), "mobilenet_v2", "classifier.1.bias", "zeros_");
        Map<String, Shape> v3 = m.get("mobilenet_v3_small");
        assertInit(v3, "mobilenet_v3", "features.1.block.1.fc1.weight", "kaiming_normal_", fanOutLeaky);
        assertInit(v3, "mobilenet_v3", "features.1.block.1.fc1.bias", "zeros_");
        assertInit(v3, "mobilenet_v3", "classifier.0.weight", "normal_", "mean", 0.0, "std", 0.01);
        assertInit(v3, "mobilenet_v3", "classifier.3.bias", "zeros_");
        // efficientnet.py: as mobilenet, but Linear U(-1/sqrt(out_features), 1/sqrt(out_features)); 1/sqrt(1000) = 0.0316227766...
        Map<String, Shape> efficient = m.get("efficientnet_b0");
        assertInit(efficient, "efficientnet", "features.1.0.block.1.fc1.bias", "zeros_");
        assertInit(efficient, "efficientnet", "features.0.0.weight", "kaiming_normal_", fanOutLeaky);
        assertInit(efficient, "efficientnet", "classifier.1.weight", "uniform_", "a", -0.031622776601683794, "b", 0.031622776601683794);
        assertInit(efficient, "efficientnet", "classifier.1.bias", "zeros_");
        // convnext.py: Conv2d and Linear trunc_normal_(std=0.02) (bounds ±2, absolute), bias 0; layer_scale 1e-6; LayerNorm 1/0.
        Map<String, Shape> convnext = m.get("convnext_tiny");
        Object[] trunc002 = {"mean", 0.0, "std", 0.02, "a", -2.0, "b", 2.0};
        assertInit(convnext, "convnext", "features.0.0.weight", "trunc_normal_", trunc002);
        assertInit(convnext, "convnext", "features.0.0.bias", "zeros_");
        assertInit(convnext, "convnext", "features.0.1.weight", "ones_");
        assertInit(convnext, "convnext", "features.1.0.layer_scale", "constant_", "val", 1e-6);
        assertInit(convnext, "convnext", "classifier.2.weight", "trunc_normal_", trunc002);
        assertInit(convnext, "convnext", "classifier.2.bias", "zeros_");
        // vision_transformer.py: conv_proj trunc_normal_(std=sqrt(1/fan_in)), fan_in = 3 * 16 * 16 = 768.
        Map<String, Shape> vit = m.get("vit_b_16");
        String layer = "encoder.layers.encoder_layer_0.";
        assertInit(vit, "vit", "class_token", "zeros_");
        assertInit(vit, "vit", "encoder.pos_embedding", "normal_", "mean", 0.0, "std", 0.02);
        assertInit(vit, "vit", "conv_proj.weight", "trunc_normal_", "mean", 0.0, "std", 0.036084391824351615, "a", -2.0, "b", 2.0);
        assertInit(vit, "vit", "conv_proj.bias", "zeros_");
        assertInit(vit, "vit", layer + "self_attention.in_proj_weight", "xavier_uniform_", "gain", 1.0);
        assertInit(vit, "vit", layer + "self_attention.in_proj_bias", "zeros_");
        assertInit(vit, "vit", layer + "self_attention.out_proj.weight", "kaiming_uniform_", linearDefault);
        assertInit(vit, "vit", layer + "self_attention.out_proj.bias", "zeros_");
        assertInit(vit, "vit", layer + "mlp.0.weight", "xavier_uniform_", "gain", 1.0);
        assertInit(vit, "vit", layer + "mlp.3.bias", "normal_", "mean", 0.0, "std", 1e-6);
        assertInit(vit, "vit", layer + "ln_1.weight", "ones_");
        assertInit(vit, "vit", layer + "ln_2.bias", "zeros_");
        assertInit(vit, "vit", "encoder.ln.weight", "ones_");
        assertInit(vit, "vit", "heads.head.weight", "zeros_");
        assertInit(vit, "vit", "heads.head.bias", "zeros_");
        // regnet.py: Conv2d N(0, sqrt(2 / (k * k * out))) = sqrt(2 / 288) for the 32x3x3x3 stem; the SE convs' biases are
        // Conv2d's own default U(±1/sqrt(fan_in)), fan_in 48; Linear N(0, 0.01), bias 0.
        Map<String, Shape> regnet = m.get("regnet_y_400mf");
        assertInit(regnet, "regnet", "stem.0.weight", "normal_", "mean", 0.0, "std", 1 / 12.0);
        assertInit(regnet, "regnet", "trunk_output.block1.block1-0.f.se.fc1.bias", "uniform_", "a", -0.14433756729740643,
                "b", 0.14433756729740643);
        assertInit(regnet, "regnet", "fc.weight", "normal_", "mean", 0.0, "std", 0.01);
        assertInit(regnet, "regnet", "fc.bias", "zeros_");
        // densenet.py: Conv2d kaiming_normal_() (fan_in, leaky_relu, a = 0); Linear's own weight, bias 0.
        Map<String, Shape> dense = m.get("densenet121");
        assertInit(dense, "densenet", "features.conv0.weight", "kaiming_normal_", "a", 0.0, "mode", "fan_in", "nonlinearity", "leaky_relu");
        assertInit(dense, "densenet", "features.norm0.weight", "ones_");
        assertInit(dense, "densenet", "classifier.weight", "kaiming_uniform_", linearDefault);
        assertInit(dense, "densenet", "classifier.bias", "zeros_");
        // vgg.py: Conv2d kaiming_normal_(fan_out, relu), bias 0; BatchNorm 1/0; Linear N(0, 0.01), bias 0.
        Map<String, Shape> vgg = m.get("vgg11_bn");
        assertInit(vgg, "vgg", "features.0.weight", "kaiming_normal_", fanOutRelu);
        assertInit(vgg, "vgg", "features.0.bias", "zeros_");
        assertInit(vgg, "vgg", "features.1.weight", "ones_");
        assertInit(vgg, "vgg", "classifier.0.weight", "normal_", "mean", 0.0, "std", 0.01);
        assertInit(vgg, "vgg", "classifier.6.bias", "zeros_");
    }

    /** Each family's test of the name set needs all its parts: a set with one part missing names another family only. */
    @Test
    void inferenceNeedsEveryPartOfAFamilysSignature() {
        assertEquals("vit", TorchvisionRules.infer(Set.of("class_token", "classifier.6.weight")), "vgg needs features.*");
        assertEquals("vit", TorchvisionRules.infer(Set.of("class_token", "conv1.weight", "fc.weight")), "resnet needs layer1.*");
        assertEquals("vit", TorchvisionRules.infer(Set.of("class_token", "features.0.weight", "classifier.1.weight")),
                "mobilenet_v2 needs a features.*.conv.* tensor");
        assertEquals("vit", TorchvisionRules.infer(Set.of("class_token", "block_layer_scale")), "convnext needs the whole name layer_scale");
        assertEquals("convnext", TorchvisionRules.infer(Set.of("layer_scale")));
        assertEquals("these tensor names are of no torchvision family these rules know " + TorchvisionRules.FAMILIES
                + ": give --rules torchvision:MODEL", assertThrows(IllegalArgumentException.class,
                        () -> TorchvisionRules.infer(Set.of("w", "b"))).getMessage());
    }

    /** A weight is placed by its own shape even where the shape table leaves it out; a stray role next to a real weight is not placed. */
    @Test
    void aWeightNeedsNoTableEntryAndOtherRolesAreRefused() {
        assertEquals("kaiming_normal_", TorchvisionRules.choose("resnet", "conv1.weight", Shape.of(64, 3, 7, 7), Map.of()).className());
        Map<String, Shape> conv = Map.of("conv1.weight", Shape.of(64, 3, 7, 7));
        assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.choose("resnet", "conv1.extra", Shape.of(64), conv));
        assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.choose("vgg", "conv1.weight_g", Shape.of(64), conv));
        // vision_transformer.py with representation_size: pre_logits is trunc_normal_(std=sqrt(1/fan_in)), bias 0
        Map<String, Shape> preLogits = Map.of("heads.pre_logits.weight", Shape.of(512, 768));
        dev.weightinit.core.Initializer pre = TorchvisionRules.choose("vit", "heads.pre_logits.weight", Shape.of(512, 768), preLogits);
        assertEquals("trunc_normal_", pre.className());
        assertEquals(0.036084391824351615, ((Number) pre.getConfig().get("std")).doubleValue(), 1e-15, "sqrt(1 / 768)");
        assertEquals("zeros_", TorchvisionRules.choose("vit", "heads.pre_logits.bias", Shape.of(512), preLogits).className());
    }

    /** A tensor a family's init does not reach is refused, naming the tensor, its shape and the family. */
    @Test
    void tensorsOutsideAFamilysInitAreRefused() throws Exception {
        Map<String, Shape> shapes = Map.of("head.weight", Shape.of(3, 4, 5), "head.bias", Shape.of(3), "block.weight", Shape.of(2, 2));
        assertEquals("tensor 'head.weight' (3, 4, 5) has no place in torchvision's resnet init (a Conv2d, Linear or norm tensor, "
                + "or the family's own parameters): is this checkpoint a torchvision resnet?", assertThrows(IllegalArgumentException.class,
                        () -> TorchvisionRules.choose("resnet", "head.weight", Shape.of(3, 4, 5), shapes)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.choose("vgg", "head.bias", Shape.of(3), shapes));
        assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.choose("vit", "orphan.bias", Shape.of(3), shapes));
        assertThrows(IllegalArgumentException.class, () -> TorchvisionRules.choose("vit", "block.weight", Shape.of(2, 2), shapes));
        assertEquals(Constant.class, TorchvisionRules.choose("convnext", "layer_scale", Shape.of(96, 1, 1), Map.of()).getClass(),
                "a top-level layer_scale");
    }

    private static List<String> differing(Path dir, String model, String rules) throws Exception {
        Path layout = dir.resolve(model + ".safetensors");
        TorchDialectTest.torch("tv_layout", model, layout.toString());
        Path ours = dir.resolve(model + "-" + rules.replace(':', '-') + ".safetensors");
        assertEquals(0, CliProbe.init("--like", layout.toString(), "--rules", rules, "--seed", "5", "--device", "cpu", "--progress",
                "none", "--out", ours.toString()));
        JsonNode result = TorchDialectTest.torch("tv_compare", model, ours.toString());
        return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(result.get("differing"), List.class);
    }

    @Tag("client")
    @Tag("slow")
    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet50", "mobilenet_v3_small", "efficientnet_b0", "convnext_tiny"})
    void everyTensorMatchesTorchvisionsOwnInitByDistribution(String model, @TempDir Path dir) throws Exception {
        assertEquals(List.of(), differing(dir, model, "torchvision:" + model));
        assertEquals(List.of(), differing(dir, model, "torchvision"), "the family inferred from the names");
    }

    @Tag("client")
    @Tag("slow")
    @Test
    void vitB16MatchesTorchvisionsOwnInitClassTokenAndPositionsIncluded(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), differing(dir, "vit_b_16", "torchvision"));
    }

    @Tag("client")
    @Tag("slow")
    @Test
    void theComparisonCatchesPlainModuleDefaults(@TempDir Path dir) throws Exception {
        List<String> differ = differing(dir, "resnet50", "torch");
        assertTrue(differ.size() >= 50 && differ.stream().anyMatch(d -> d.startsWith("conv1.weight")), differ.toString());
    }
}
