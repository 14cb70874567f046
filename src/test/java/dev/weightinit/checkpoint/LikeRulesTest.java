package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.DType;
import dev.weightinit.io.SafetensorsBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LikeRules}: the shipped rule sets tensor by tensor (Hugging Face's {@code _init_weights};
 * torch's module defaults inferred from name and rank), rules files and their errors. Safetensors
 * files are written by hand ({@link SafetensorsBytes}), their headers spelled out here.
 */
class LikeRulesTest {
    @TempDir
    Path dir;

    @Test
    void theHfSetIsHuggingFacesInitWeights() throws IOException {
        CheckpointLayout layout = CheckpointLayout.read(LayoutFiles.layout(dir, String.join(", ", LayoutFiles.t("wte.weight", "F32", "[10, 4]"),
                LayoutFiles.t("h.0.ln.weight", "F32", "[4]"), LayoutFiles.t("h.0.ln.bias", "F32", "[4]"), LayoutFiles.t("bias", "F32", "[4]"),
                LayoutFiles.t("h.0.mask", "I64", "[4]"), LayoutFiles.t("h.0.flag", "BOOL", "[2]"))));
        List<LikeRules.Choice> choices = LikeRules.of("hf").choose(layout);
        assertEquals(List.of("RandomNormal", "Ones", "Zeros", "Zeros", "Zeros", "Zeros"),
                choices.stream().map(c -> c.initializer().className()).toList());
        assertEquals(List.of("hf: N(0, initializer_range 0.02)", "hf: norm weight 1", "hf: bias 0", "hf: bias 0", "hf: integer buffer 0",
                "hf: integer buffer 0"), choices.stream().map(LikeRules.Choice::rule).toList());
        assertEquals(0.02, ((Number) choices.get(0).initializer().getConfig().get("stddev")).doubleValue());
        assertNull(choices.get(0).dtype());
    }

    @Test
    void theTorchSetInfersModulesFromNameAndRank() throws IOException {
        CheckpointLayout layout = CheckpointLayout.read(LayoutFiles.layout(dir, String.join(", ", LayoutFiles.t("conv.weight", "F32", "[4, 3, 3, 3]"),
                LayoutFiles.t("conv.bias", "F32", "[4]"), LayoutFiles.t("fc.weight", "F32", "[5, 6]"), LayoutFiles.t("fc.bias", "F32", "[5]"),
                LayoutFiles.t("embed_tokens.weight", "F32", "[7, 2]"), LayoutFiles.t("embed_tokens.bias", "F32", "[7]"), LayoutFiles.t("bn.weight", "F32", "[4]"),
                LayoutFiles.t("bn.bias", "F32", "[4]"), LayoutFiles.t("bn.running_mean", "F32", "[4]"), LayoutFiles.t("bn.running_var", "F32", "[4]"),
                LayoutFiles.t("bn.num_batches_tracked", "I64", "[]"), LayoutFiles.t("c5.weight", "F32", "[2, 2, 1, 1, 1]"), LayoutFiles.t("weight", "F32", "[3, 2]"),
                LayoutFiles.t("bias", "F32", "[3]"), LayoutFiles.t("c1.weight", "F32", "[4, 2, 3]"))));
        List<LikeRules.Choice> choices = LikeRules.of("torch").choose(layout);
        assertEquals(List.of("kaiming_uniform_", "uniform_", "kaiming_uniform_", "uniform_", "torch.nn.Embedding", "uniform_", "ones_",
                "zeros_", "zeros_", "ones_", "zeros_", "kaiming_uniform_", "kaiming_uniform_", "uniform_", "kaiming_uniform_"),
                choices.stream().map(c -> c.initializer().className()).toList());
        // Conv bias: 1 / sqrt(3 * 3 * 3); Linear bias: 1 / sqrt(6); a bare bias takes the bare weight: 1 / sqrt(2).
        assertEquals(1 / Math.sqrt(27), b(choices.get(1)), 1e-15);
        assertEquals(1 / Math.sqrt(6), b(choices.get(3)), 1e-15);
        assertEquals(1 / Math.sqrt(2), b(choices.get(5)), 1e-15, "an embedding's bias is a Linear's");
        assertEquals(1 / Math.sqrt(2), b(choices.get(13)), 1e-15);
        assertEquals("torch module default", choices.get(0).rule());
        for (String[] bad : new String[][] {{"x.weight", "[2, 2, 2, 2, 2, 2]"}, {"lonely.bias", "[3]"}, {"x.scale", "[3]"},
                {"t.weight", "[]"}}) {
            CheckpointLayout one = CheckpointLayout.read(LayoutFiles.layout(dir, LayoutFiles.t(bad[0], "F32", bad[1])));
            String message = assertThrows(IllegalArgumentException.class, () -> LikeRules.of("torch").choose(one)).getMessage();
            assertTrue(message.startsWith("tensor '" + bad[0] + "' "), message);
            assertTrue(message.endsWith(": its torch module cannot be inferred from its name and rank; give a rules file with a rule for it"),
                    message);
        }
    }

    private static double b(LikeRules.Choice choice) {
        return ((Number) choice.initializer().getConfig().get("b")).doubleValue();
    }

    @Test
    void rulesFilesMatchWholeNamesInOrderAndNameTheirErrors() throws IOException {
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, """
                {"rules": [{"match": ".*\\\\.bias", "initializer": "zeros", "dtype": "float32"},
                           {"match": "fc", "initializer": "ones"},
                           {"match": ".*", "initializer": {"class_name": "RandomNormal", "config": {"stddev": 0.5}}}]}
                """);
        CheckpointLayout layout = CheckpointLayout.read(LayoutFiles.layout(dir, String.join(", ", LayoutFiles.t("a.bias", "F32", "[2]"), LayoutFiles.t("fc", "F32", "[2]"),
                LayoutFiles.t("fc2", "F32", "[2, 2]"))));
        List<LikeRules.Choice> choices = LikeRules.of(rules.toString()).choose(layout);
        assertEquals(List.of("Zeros", "Ones", "RandomNormal"), choices.stream().map(c -> c.initializer().className()).toList());
        assertEquals(DType.FLOAT32, choices.get(0).dtype());
        assertNull(choices.get(1).dtype());
        assertEquals(List.of("rules[0] .*\\.bias", "rules[1] fc", "rules[2] .*"), choices.stream().map(LikeRules.Choice::rule).toList());

        Path named = dir.resolve("named.json");
        Files.writeString(named, "{\"rules\": \"hf\"}");
        assertEquals("hf: bias 0", LikeRules.of(named.toString()).choose(layout).get(0).rule(), "a rules file may name a shipped set");

        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"rules\": [{\"match\": \"fc\", \"initializer\": \"ones\"}]}");
        assertEquals("tensor 'a.bias' (2,) matches no rule: add one (\".*\" as the last rule is a default)",
                assertThrows(IllegalArgumentException.class, () -> LikeRules.of(partial.toString()).choose(layout)).getMessage());
        Path badInit = dir.resolve("bad-init.json");
        Files.writeString(badInit, "{\"rules\": [{\"match\": \".*\", \"initializer\": \"nope\"}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LikeRules.of(badInit.toString()).choose(layout)).getMessage()
                .startsWith("tensor 'a.bias' (rules[0] .*): initializer 'nope' is not known"));

        assertEquals("rules 'hf2' are not known: expected one of [hf, torch, torchtitan, torchvision, torchvision:MODEL] or a rules .json file", error("hf2"));
        for (String[] bad : new String[][] {
            {"{\"rules\": 3}", "needs \"rules\": a list of {match, initializer, dtype} or a shipped name [hf, torch, torchtitan, torchvision, torchvision:MODEL]"},
            {"{}", "needs \"rules\": a list of {match, initializer, dtype} or a shipped name [hf, torch, torchtitan, torchvision, torchvision:MODEL]"},
            {"{\"rules\": [3]}", ": rules[0] needs \"match\" (a regex) and \"initializer\""},
            {"{\"rules\": [{\"match\": 3, \"initializer\": \"ones\"}]}", ": rules[0] needs \"match\" (a regex) and \"initializer\""},
            {"{\"rules\": [{\"match\": \".*\"}]}", ": rules[0] needs \"match\" (a regex) and \"initializer\""},
            {"{\"rules\": [{\"match\": \"(\", \"initializer\": \"ones\"}]}", ": rules[0]: match '(' is not a regex: Unclosed group"},
            {"{\"rules\": [{\"match\": \".*\", \"initializer\": \"ones\", \"dtype\": \"float8\"}]}", ": rules[0]: dtype 'float8'"}}) {
            Path file = dir.resolve("bad-" + System.nanoTime() + ".json");
            Files.writeString(file, bad[0]);
            String message = error(file.toString());
            assertTrue(message.startsWith("rules file " + file) && message.contains(bad[1]), message + " lacks " + bad[1]);
        }
    }

    private static String error(String rules) {
        return assertThrows(IllegalArgumentException.class, () -> LikeRules.of(rules)).getMessage();
    }

    private static String read(Path path) {
        return assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.read(path)).getMessage();
    }

    /**
     * {@code --rules torchvision} and {@code torchvision:MODEL} on the nine families' real layouts (torchvision 0.14's own
     * state_dict names and shapes, {@code TorchvisionStateDicts}), as weightinit layout files: the
     * family is inferred from the names, or taken from the model name, and every tensor gets the family's rule.
     */
    @Test
    void torchvisionRuleSetsPlaceEveryTensorOfTheRealModels() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var model : dev.weightinit.torch.TorchvisionStateDicts.load().entrySet()) {
            var tensors = json.createArrayNode();
            model.getValue().forEach((name, shape) -> tensors.addObject().put("name", name).put("dtype", "F32")
                    .set("shape", json.valueToTree(shape.dims())));
            var root = json.createObjectNode().put("format", "weightinit-layout").put("version", 1).put("folder", false);
            root.putArray("files").addObject().put("name", "model.safetensors").set("tensors", tensors);
            Path file = dir.resolve(model.getKey() + ".json");
            json.writeValue(file.toFile(), root);
            CheckpointLayout layout = CheckpointLayout.read(file);
            String family = dev.weightinit.torch.TorchvisionRules.family(model.getKey());
            for (String set : new String[] {"torchvision", "torchvision:" + model.getKey()}) {
                List<LikeRules.Choice> choices = LikeRules.of(set).choose(layout);
                assertEquals(tensors.size(), choices.size(), model.getKey());
                for (int i = 0; i < choices.size(); i++) {
                    String name = tensors.get(i).get("name").asText();
                    assertEquals("torchvision " + family, choices.get(i).rule(), name);
                    assertNull(choices.get(i).dtype(), "the source's dtype is kept");
                    assertEquals(dev.weightinit.torch.TorchvisionRules.choose(family, name, layout.tensors().get(i).shape(), model.getValue())
                            .className(), choices.get(i).initializer().className(), name);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LikeRules.of("torchvision:alexnet"));
    }
}
