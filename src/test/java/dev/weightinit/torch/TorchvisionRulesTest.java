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
