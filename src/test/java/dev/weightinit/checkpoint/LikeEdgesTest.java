package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.io.SafetensorsBytes;
import dev.weightinit.io.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init --like} at its edges: the shipped rule sets tensor by tensor (Hugging Face's
 * {@code _init_weights}; torch's module defaults inferred from name and rank), rules files and
 * their errors, and checkpoint layouts read from a folder, a file and a layout file. Safetensors
 * files are written by hand ({@link SafetensorsBytes}), their headers spelled out here.
 */
class LikeEdgesTest {
    @TempDir
    Path dir;

    private static void safetensors(Path file, String header, int dataBytes) throws IOException {
        Files.write(file, SafetensorsBytes.of(header, dataBytes));
    }

    private Path layout(String tensors) throws IOException {
        Path file = dir.resolve("layout-" + System.nanoTime() + ".json");
        Files.writeString(file, "{\"format\": \"weightinit-layout\", \"version\": 1, \"folder\": false, \"files\": [{\"name\": "
                + "\"model.safetensors\", \"metadata\": {\"format\": \"pt\"}, \"tensors\": [" + tensors + "]}]}");
        return file;
    }

    private static String t(String name, String dtype, String shape) {
        return "{\"name\": \"" + name + "\", \"dtype\": \"" + dtype + "\", \"shape\": " + shape + "}";
    }

    @Test
    void theHfSetIsHuggingFacesInitWeights() throws IOException {
        CheckpointLayout layout = CheckpointLayout.read(layout(String.join(", ", t("wte.weight", "F32", "[10, 4]"),
                t("h.0.ln.weight", "F32", "[4]"), t("h.0.ln.bias", "F32", "[4]"), t("bias", "F32", "[4]"),
                t("h.0.mask", "I64", "[4]"), t("h.0.flag", "BOOL", "[2]"))));
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
        CheckpointLayout layout = CheckpointLayout.read(layout(String.join(", ", t("conv.weight", "F32", "[4, 3, 3, 3]"),
                t("conv.bias", "F32", "[4]"), t("fc.weight", "F32", "[5, 6]"), t("fc.bias", "F32", "[5]"),
                t("embed_tokens.weight", "F32", "[7, 2]"), t("embed_tokens.bias", "F32", "[7]"), t("bn.weight", "F32", "[4]"),
                t("bn.bias", "F32", "[4]"), t("bn.running_mean", "F32", "[4]"), t("bn.running_var", "F32", "[4]"),
                t("bn.num_batches_tracked", "I64", "[]"), t("c5.weight", "F32", "[2, 2, 1, 1, 1]"), t("weight", "F32", "[3, 2]"),
                t("bias", "F32", "[3]"), t("c1.weight", "F32", "[4, 2, 3]"))));
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
            CheckpointLayout one = CheckpointLayout.read(layout(t(bad[0], "F32", bad[1])));
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
        CheckpointLayout layout = CheckpointLayout.read(layout(String.join(", ", t("a.bias", "F32", "[2]"), t("fc", "F32", "[2]"),
                t("fc2", "F32", "[2, 2]"))));
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

    @Test
    void foldersFilesAndLayoutFilesAreReadFromTheirHeaders() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("hf"));
        safetensors(folder.resolve("model-00001-of-00002.safetensors"), "{\"__metadata__\": {\"format\": \"pt\"}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 8);
        safetensors(folder.resolve("model-00002-of-00002.safetensors"), "{\"a\": {\"dtype\": \"BF16\", \"shape\": [2, 3], "
                + "\"data_offsets\": [0, 12]}}", 12);
        Files.writeString(folder.resolve(CheckpointLayout.INDEX), "{\"metadata\": {}, \"weight_map\": {\"a\": "
                + "\"model-00002-of-00002.safetensors\", \"b\": \"model-00001-of-00002.safetensors\"}}");
        Files.writeString(folder.resolve("config.json"), "{\"initializer_range\": 0.125}");
        Files.writeString(folder.resolve("tokenizer.json"), "{}");
        Files.writeString(folder.resolve(".hidden"), "x");
        try (java.io.RandomAccessFile limit = new java.io.RandomAccessFile(folder.resolve("at-limit.bin").toFile(), "rw");
             java.io.RandomAccessFile over = new java.io.RandomAccessFile(folder.resolve("over-limit.bin").toFile(), "rw")) {
            limit.setLength(CheckpointLayout.MAX_COPY_BYTES); // sparse: no data written
            over.setLength(CheckpointLayout.MAX_COPY_BYTES + 1);
        }
        Files.createDirectory(folder.resolve("sub"));
        CheckpointLayout read = CheckpointLayout.read(folder);
        assertTrue(read.folder());
        assertEquals(List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"),
                read.files().stream().map(CheckpointLayout.File::name).toList());
        assertEquals(List.of(new SafetensorsReader.Entry("b", DType.FLOAT32, Shape.of(2)), new SafetensorsReader.Entry("a", DType.BFLOAT16,
                Shape.of(2, 3))), read.tensors());
        assertEquals(Map.of("format", "pt"), read.files().get(0).metadata());
        assertEquals(0.125, read.initializerRange(0.02));
        assertEquals(List.of("config.json", "tokenizer.json"), read.copies().stream().map(p -> p.getFileName().toString()).toList(),
                "only the listed metadata files: no weights of any format, no index (the new one is written), no other file");
        assertEquals("hf: N(0, initializer_range 0.125)", LikeRules.of("hf").choose(read).get(1).rule());

        // The layout file round-trips what was read, without the copies.
        Path printed = dir.resolve("printed.json");
        Files.writeString(printed, read.toJson());
        CheckpointLayout again = CheckpointLayout.read(printed);
        assertEquals(read.tensors(), again.tensors());
        assertEquals(read.files(), again.files());
        assertTrue(again.folder());
        assertEquals(read.index(), again.index());
        assertEquals(read.config(), again.config());
        assertEquals(List.of(), again.copies());

        // One file: its own tensors, the config beside it.
        CheckpointLayout single = CheckpointLayout.read(folder.resolve("model-00001-of-00002.safetensors"));
        assertFalse(single.folder());
        assertEquals(0.125, single.initializerRange(0.02));
        assertNull(single.index());
        Path bare = Files.createDirectory(dir.resolve("bare"));
        safetensors(bare.resolve("model.safetensors"), "{\"w\": {\"dtype\": \"F16\", \"shape\": [1], \"data_offsets\": [0, 2]}}", 2);
        CheckpointLayout unsharded = CheckpointLayout.read(bare);
        assertEquals(List.of("model.safetensors"), unsharded.files().stream().map(CheckpointLayout.File::name).toList());
        assertEquals(0.02, unsharded.initializerRange(0.02), "no config.json: the fallback");
        Files.writeString(bare.resolve("config.json"), "{\"initializer_range\": \"big\"}");
        assertEquals("config.json beside the checkpoint: config field initializer_range is \"big\": expected a number >= 0",
                assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.read(bare).initializerRange(0.02)).getMessage(),
                "not a number: an error naming the field, never a silent fallback");
    }

    @Test
    void badCheckpointsNameWhatIsWrong() throws IOException {
        assertEquals(dir.resolve("none") + " does not exist: expected a .safetensors file, a Hugging Face folder or a layout file",
                read(dir.resolve("none")));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(empty + " has neither " + CheckpointLayout.INDEX + " nor model.safetensors", read(empty));
        Path folder = Files.createDirectory(dir.resolve("f"));
        Path index = folder.resolve(CheckpointLayout.INDEX);
        Files.writeString(index, "{\"weight_map\": []}");
        assertEquals(index + " has no \"weight_map\" object", read(folder));
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\"}}");
        assertEquals(index + " names shard s1.safetensors (for tensor 'a'), which is missing from " + folder, read(folder));
        Files.createDirectory(folder.resolve("sub"));
        safetensors(folder.resolve("sub").resolve("s.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"sub/s.safetensors\"}}");
        assertEquals(index + " names a shard 'sub/s.safetensors' is not a plain file name: expected a name inside the folder, without / "
                + "or \\, not . or ..", read(folder), "a shard outside the folder");
        Files.writeString(index, "{\"weight_map\": {\"a\": \"pytorch_model.bin\"}}");
        assertEquals(index + " names shard pytorch_model.bin, which is not a .safetensors file: --like reads safetensors headers only and "
                + "never copies weights", read(folder));
        safetensors(folder.resolve("s1.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4);
        safetensors(folder.resolve("s2.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"b\": \"s1.safetensors\"}}");
        assertEquals(index + " puts tensor 'b' in s1.safetensors, which does not hold it", read(folder));
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"x\": \"s2.safetensors\"}}");
        assertEquals(index + " puts tensor 'x' in s2.safetensors, which does not hold it", read(folder));
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"a2\": \"s2.safetensors\"}}");
        assertTrue(read(folder).contains("puts tensor 'a2' in s2.safetensors"));
        safetensors(folder.resolve("s2.safetensors"), "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, "
                + "\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8);
        Files.writeString(index, "{\"weight_map\": {\"a\": \"s1.safetensors\", \"x\": \"s2.safetensors\"}}");
        assertEquals(folder + ": tensor 'a' is in two shards", read(folder));

        Path layout = dir.resolve("l.json");
        Files.writeString(layout, "{\"format\": \"weightinit-layout\", \"version\": 2, \"files\": []}");
        assertEquals("layout file " + layout + " is not a weightinit layout of version 1", read(layout));
        Files.writeString(layout, "{\"format\": \"other\", \"version\": 1, \"files\": []}");
        assertEquals("layout file " + layout + " is not a weightinit layout of version 1", read(layout));
        for (String tensor : new String[] {t("w", "U32", "[1]"), t("w", "F8", "[1]"), t("", "F32", "[1]"),
            "{\"name\": \"w\", \"dtype\": \"F32\", \"shape\": 3}"}) {
            Files.writeString(layout, "{\"format\": \"weightinit-layout\", \"version\": 1, \"files\": [{\"name\": \"m.safetensors\", "
                    + "\"tensors\": [" + tensor + "]}]}");
            assertTrue(read(layout).endsWith("needs a name, a known dtype and a shape"), tensor);
        }
    }

    private static String read(Path path) {
        return assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.read(path)).getMessage();
    }
}
