package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init --like: a checkpoint's layout re-initialized from its headers (issue "Re-initialize any checkpoint's layout"). */
class LikeTest {
    @TempDir
    Path dir;

    private static CliRunner ok(String... args) {
        CliRunner run = CliRunner.run(args);
        assertEquals(0, run.status(), String.join(" ", args) + "\n" + run.err());
        return run;
    }

    /** The header JSON and the data bytes of a safetensors file, read here, independently of the reader under test. */
    private static JsonNode header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
    }

    private static byte[] data(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Arrays.copyOfRange(bytes, 8 + (int) n, bytes.length);
    }

    /** Names, in order, with dtype and shape; the metadata left out. */
    private static String layoutOf(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = header(file).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("__metadata__")) {
                text.append(e.getKey()).append(' ').append(e.getValue().get("dtype")).append(' ').append(e.getValue().get("shape"))
                        .append(' ').append(e.getValue().get("data_offsets")).append('\n');
            }
        }
        return text.toString();
    }

    private Path folder() throws IOException {
        Path hf = Files.createDirectories(dir.resolve("hf"));
        Path s1 = Files.writeString(dir.resolve("s1.json"), "{\"seed\": 1, \"tensors\": [{\"name\": \"model.embed_tokens.weight\", "
                + "\"shape\": [100, 16], \"initializer\": \"random_normal\"}, {\"name\": \"model.norm.weight\", \"shape\": [16], "
                + "\"initializer\": \"ones\"}]}");
        Path s2 = Files.writeString(dir.resolve("s2.json"), "{\"seed\": 1, \"tensors\": [{\"name\": \"lm_head.weight\", \"shape\": "
                + "[100, 16], \"initializer\": \"random_normal\"}, {\"name\": \"model.layers.0.mlp.up_proj.weight\", \"shape\": [32, 16], "
                + "\"initializer\": \"random_normal\", \"dtype\": \"bfloat16\"}]}");
        ok("init", "--spec", s1.toString(), "--device", "cpu", "--progress", "none", "--out", hf.resolve("model-00001-of-00002.safetensors").toString());
        ok("init", "--spec", s2.toString(), "--device", "cpu", "--progress", "none", "--out", hf.resolve("model-00002-of-00002.safetensors").toString());
        Files.writeString(hf.resolve("model.safetensors.index.json"), "{\"metadata\": {\"total_size\": 14912}, \"weight_map\": {"
                + "\"lm_head.weight\": \"model-00002-of-00002.safetensors\", \"model.embed_tokens.weight\": \"model-00001-of-00002.safetensors\", "
                + "\"model.layers.0.mlp.up_proj.weight\": \"model-00002-of-00002.safetensors\", "
                + "\"model.norm.weight\": \"model-00001-of-00002.safetensors\"}}");
        Files.writeString(hf.resolve("config.json"), "{\"model_type\": \"llama\", \"initializer_range\": 0.01}");
        return hf;
    }

    @Test
    void aSingleFileWithRulesThatMatchItsInitializersGivesTheSameData() throws Exception {
        Path original = dir.resolve("mlp.safetensors");
        ok("init", "--preset", "mlp-small", "--seed", "3", "--device", "cpu", "--progress", "none", "--out", original.toString());
        Path rules = Files.writeString(dir.resolve("rules.json"), "{\"rules\": [{\"match\": \".*/kernel\", \"initializer\": \"glorot_uniform\"},"
                + " {\"match\": \".*\", \"initializer\": \"zeros\"}]}");
        Path like = dir.resolve("like.safetensors");
        ok("init", "--like", original.toString(), "--rules", rules.toString(), "--seed", "3", "--progress", "none", "--out", like.toString());
        assertEquals(layoutOf(original), layoutOf(like));
        assertArrayEquals(data(original), data(like), "same rules, seed and names: the same values, on another device");
        Path other = dir.resolve("other.safetensors");
        ok("init", "--like", original.toString(), "--seed", "3", "--progress", "none", "--out", other.toString());
        assertEquals(layoutOf(original), layoutOf(other));
        assertFalse(java.util.Arrays.equals(data(original), data(other)), "hf rules differ from GlorotUniform");
    }

    @Test
    void aFolderKeepsItsShardsIndexAndConfigAndAPlanWritesNothing() throws Exception {
        Path hf = folder();
        Path out = dir.resolve("out");
        CliRunner plan = ok("init", "--like", hf.toString(), "--plan", "--out", out.toString());
        assertTrue(plan.out().contains("hf: N(0, initializer_range 0.01)") && plan.out().contains("plan: 4 tensors, 3728 parameters"),
                plan.out());
        assertFalse(Files.exists(out), "--plan writes nothing");
        ok("init", "--like", hf.toString(), "--seed", "9", "--progress", "none", "--out", out.toString());
        for (String shard : List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors")) {
            assertEquals(layoutOf(hf.resolve(shard)), layoutOf(out.resolve(shard)), shard);
        }
        JsonNode sourceIndex = new ObjectMapper().readTree(hf.resolve("model.safetensors.index.json").toFile());
        JsonNode newIndex = new ObjectMapper().readTree(out.resolve("model.safetensors.index.json").toFile());
        assertEquals(sourceIndex.get("weight_map"), newIndex.get("weight_map"), "every tensor in the same shard");
        assertEquals("weightinit", newIndex.get("metadata").get("generator").asText(), "a new index: the new model's record");
        assertEquals(Files.readString(hf.resolve("config.json")), Files.readString(out.resolve("config.json")));
        // N(0, 0.01) from config.json's initializer_range: 1600 samples, 4 sigma of the sd's error is 7%.
        ByteBuffer embed = ByteBuffer.wrap(data(out.resolve("model-00001-of-00002.safetensors"))).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        for (int i = 0; i < 1600; i++) {
            sum += Math.pow(embed.getFloat(4 * i), 2);
        }
        assertEquals(0.01, Math.sqrt(sum / 1600), 0.0007);
        CliRunner again = CliRunner.run("init", "--like", hf.toString(), "--out", out.toString());
        assertEquals(2, again.status());
        assertTrue(again.err().contains("is not empty"), again.err());
    }

    @Test
    void aLayoutFileRoundTripsWithoutTheData() throws Exception {
        Path hf = folder();
        CliRunner layout = ok("layout", hf.toString());
        assertTrue(layout.out().length() < 20_000);
        Path file = Files.writeString(dir.resolve("layout.json"), layout.out());
        Path out = dir.resolve("from-layout");
        ok("init", "--like", file.toString(), "--seed", "9", "--progress", "none", "--out", out.toString());
        Path direct = dir.resolve("direct");
        ok("init", "--like", hf.toString(), "--seed", "9", "--progress", "none", "--out", direct.toString());
        for (String shard : List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors")) {
            assertEquals(layoutOf(direct.resolve(shard)), layoutOf(out.resolve(shard)));
            assertArrayEquals(data(direct.resolve(shard)), data(out.resolve(shard)), "values depend on names, not on where the layout came from");
        }
        assertEquals(new ObjectMapper().readTree(hf.resolve("model.safetensors.index.json").toFile()).get("weight_map"),
                new ObjectMapper().readTree(out.resolve("model.safetensors.index.json").toFile()).get("weight_map"));
        assertTrue(Files.exists(out.resolve("config.json")));
    }

    @Test
    void torchRulesInferTheModulesOfAResnet() throws Exception {
        Path resnet = dir.resolve("r.safetensors");
        ok("init", "--preset", "resnet50", "--seed", "1", "--device", "cpu", "--progress", "none", "--no-summary", "--out", resnet.toString());
        CliRunner plan = ok("init", "--like", resnet.toString(), "--rules", "torch", "--plan", "--out", dir.resolve("x").toString());
        assertTrue(plan.out().contains("plan: 320 tensors"), plan.out());
        assertTrue(plan.out().lines().anyMatch(l -> l.contains("conv1.weight") && l.contains("kaiming_uniform_")), plan.out());
        assertTrue(plan.out().lines().anyMatch(l -> l.contains("bn1.num_batches_tracked") && l.contains("I64")), plan.out());
    }

    private static byte[] file(String headerJson, int dataBytes) {
        return dev.weightinit.io.SafetensorsBytes.of(headerJson, dataBytes);
    }

    @Test
    void hostileHeadersExitTwoNamingTheFileAndTheTensorAndWriteNothing() throws Exception {
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        cases.put("truncated", new byte[] {1, 2, 3});
        byte[] pastEnd = file("{}", 0);
        ByteBuffer.wrap(pastEnd).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 5000);
        cases.put("past the end", pastEnd);
        byte[] huge = file("{}", 0);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200_000_000L);
        cases.put("100 MB", huge);
        cases.put("tensor 'b' starts", file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12));
        cases.put("a gap of 4 bytes", file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [12, 20]}}", 20));
        cases.put("dtype 'Q7'", file("{\"a\": {\"dtype\": \"Q7\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 8));
        cases.put("tensor 'a' of shape (3,)", file("{\"a\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8));
        cases.put("Duplicate field 'a'", file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, "
                + "\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 16]}}", 16));
        cases.put("tensors end at byte 8", file("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 4));
        Path out = dir.resolve("out.safetensors");
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path bad = Files.write(dir.resolve("bad.safetensors"), c.getValue());
            CliRunner run = CliRunner.run("init", "--like", bad.toString(), "--out", out.toString());
            assertEquals(2, run.status(), c.getKey() + ": " + run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().contains("bad.safetensors") && run.err().contains(c.getKey()),
                    c.getKey() + ": " + run.err());
            assertFalse(Files.exists(out));
        }
        Path hf = folder();
        Files.delete(hf.resolve("model-00002-of-00002.safetensors"));
        CliRunner missing = CliRunner.run("init", "--like", hf.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("model-00002-of-00002.safetensors") && missing.err().contains("missing"), missing.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("o")));
        }
    }
}
