package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.hf.ConfigReader;
import dev.weightinit.hf.HfArchitectures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hugging Face folders from config.json (issue "Hugging Face model folders from config.json"). */
class HfFolderTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static CliRunner ok(String... args) {
        CliRunner run = CliRunner.run(args);
        assertEquals(0, run.status(), String.join(" ", args) + "\n" + run.err());
        return run;
    }

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("config-" + Math.abs(json.hashCode()) + ".json"), json);
    }

    private static final String TINY_LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 64, \"intermediate_size\": 96, "
            + "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"vocab_size\": 50, "
            + "\"initializer_range\": 0.05, \"pad_token_id\": 3, \"torch_dtype\": \"float32\"}";

    /** Published parameter counts of the shipped configs (their model cards / transformers' num_parameters()). */
    @Test
    void shippedConfigsHaveThePublishedParameterCounts() {
        Map<String, Long> published = Map.of("llama-2-7b", 6_738_415_616L, "llama-3.1-8b", 8_030_261_248L, "mistral-7b", 7_241_732_096L,
                "qwen2-7b", 7_615_616_512L, "mixtral-8x7b", 46_702_792_704L, "gpt2", 124_439_808L);
        for (Map.Entry<String, Long> model : published.entrySet()) {
            CliRunner plan = ok("init", "--preset", model.getKey(), "--plan", "--out", dir.resolve(model.getKey()).toString());
            assertTrue(plan.out().contains(" " + model.getValue() + " parameters"), model.getKey() + ": " + plan.out());
            assertFalse(Files.exists(dir.resolve(model.getKey())), "--plan writes nothing");
        }
    }

    /**
     * Names, order and shapes of a 1-layer model of each architecture, written out here from
     * transformers 4.46's modeling code: LlamaModel (models/llama/modeling_llama.py: embed_tokens,
     * layers.N.self_attn.{q,k,v,o}_proj, mlp.{gate,up,down}_proj, input_layernorm,
     * post_attention_layernorm, norm; lm_head), Qwen2Attention (q/k/v bias=True, o_proj bias=False),
     * MixtralSparseMoeBlock (gate, experts.N.w1/w2/w3), GPT2Model (wte, wpe, h.N.ln_1, attn.c_attn,
     * attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj, ln_f; Conv1D weights (in, out); lm_head tied).
     */
    @Test
    void namesOrderAndShapesFollowTransformersModelingCode() throws Exception {
        String base = "\"hidden_size\": 8, \"intermediate_size\": 12, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, "
                + "\"num_key_value_heads\": 1, \"vocab_size\": 10";
        assertEquals(List.of("model.embed_tokens.weight (10, 8)", "model.layers.0.self_attn.q_proj.weight (8, 8)",
                "model.layers.0.self_attn.k_proj.weight (4, 8)", "model.layers.0.self_attn.v_proj.weight (4, 8)",
                "model.layers.0.self_attn.o_proj.weight (8, 8)", "model.layers.0.mlp.gate_proj.weight (12, 8)",
                "model.layers.0.mlp.up_proj.weight (12, 8)", "model.layers.0.mlp.down_proj.weight (8, 12)",
                "model.layers.0.input_layernorm.weight (8,)", "model.layers.0.post_attention_layernorm.weight (8,)",
                "model.norm.weight (8,)", "lm_head.weight (10, 8)"), names("{\"model_type\": \"llama\", " + base + "}"));
        List<String> qwen = names("{\"model_type\": \"qwen2\", \"tie_word_embeddings\": true, " + base + "}");
        assertTrue(qwen.containsAll(List.of("model.layers.0.self_attn.q_proj.bias (8,)", "model.layers.0.self_attn.k_proj.bias (4,)",
                "model.layers.0.self_attn.v_proj.bias (4,)")), qwen.toString());
        assertFalse(qwen.stream().anyMatch(n -> n.startsWith("model.layers.0.self_attn.o_proj.bias") || n.startsWith("lm_head")), qwen.toString());
        List<String> mixtral = names("{\"model_type\": \"mixtral\", \"num_local_experts\": 2, " + base + "}");
        assertTrue(mixtral.containsAll(List.of("model.layers.0.block_sparse_moe.gate.weight (2, 8)",
                "model.layers.0.block_sparse_moe.experts.1.w1.weight (12, 8)", "model.layers.0.block_sparse_moe.experts.1.w2.weight (8, 12)",
                "model.layers.0.block_sparse_moe.experts.1.w3.weight (12, 8)")), mixtral.toString());
        assertEquals(List.of("transformer.wte.weight (10, 8)", "transformer.wpe.weight (16, 8)", "transformer.h.0.ln_1.weight (8,)",
                "transformer.h.0.ln_1.bias (8,)", "transformer.h.0.attn.c_attn.weight (8, 24)", "transformer.h.0.attn.c_attn.bias (24,)",
                "transformer.h.0.attn.c_proj.weight (8, 8)", "transformer.h.0.attn.c_proj.bias (8,)", "transformer.h.0.ln_2.weight (8,)",
                "transformer.h.0.ln_2.bias (8,)", "transformer.h.0.mlp.c_fc.weight (8, 32)", "transformer.h.0.mlp.c_fc.bias (32,)",
                "transformer.h.0.mlp.c_proj.weight (32, 8)", "transformer.h.0.mlp.c_proj.bias (8,)", "transformer.ln_f.weight (8,)",
                "transformer.ln_f.bias (8,)"), names("{\"model_type\": \"gpt2\", \"n_embd\": 8, \"n_layer\": 1, \"n_head\": 2, "
                + "\"n_positions\": 16, \"vocab_size\": 10}"));
    }

    private static List<String> names(String config) throws IOException {
        return HfArchitectures.tensors(ConfigReader.parse(config.getBytes(StandardCharsets.UTF_8), "config")).stream().map(t -> t.name() + " " + t.shape()).toList();
    }

    @Test
    void shardsAndIndexAreAsTransformersWritesThemAndOneShardIsModelSafetensors() throws Exception {
        Path config = config(TINY_LLAMA);
        Path out = dir.resolve("sharded");
        ok("init", "--hf-config", config.toString(), "--seed", "4", "--max-shard-size", "40KB", "--progress", "none", "--out", out.toString());
        JsonNode index = JSON.readTree(out.resolve("model.safetensors.index.json").toFile());
        String text = Files.readString(out.resolve("model.safetensors.index.json"));
        assertTrue(text.startsWith("{\n  \"metadata\": {\n    \"config_sha256\": \"" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config))) + "\",\n    \"dtype\": \"float32\",\n"
                + "    \"generator\": \"weightinit\",\n    \"max_shard_size\": \"40000\",\n    \"seed\": \"4\",\n    \"stream_spec\": \"1\",\n"
                + "    \"total_parameters\": "), "the run record, keys sorted as json.dumps(sort_keys=True) writes them: " + text);
        assertTrue(text.endsWith("  }\n}\n"));
        List<String> keys = JSON.convertValue(index.get("weight_map"), Map.class).keySet().stream().map(String::valueOf).toList();
        assertEquals(keys.stream().sorted().toList(), keys, "keys sorted");
        long total = 0;
        int shards = 0;
        try (Stream<Path> files = Files.list(out)) {
            for (Path shard : files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList()) {
                shards++;
                assertTrue(shard.getFileName().toString().matches("model-\\d{5}-of-\\d{5}\\.safetensors"), shard.toString());
                assertTrue(Files.size(shard) - 8 - headerLength(shard) <= 40_000, "each shard within 40 KB of data: " + shard);
                total += Files.size(shard) - 8 - headerLength(shard);
                JsonNode metadata = header(shard).get("__metadata__");
                assertEquals("pt", metadata.get("format").asText(), "what transformers' loader expects");
                assertEquals("4", metadata.get("seed").asText());
                assertEquals("1", metadata.get("stream_spec").asText()); // transformers' inits use only version 1
                // The run record every shard shares with the index, and nothing of the device.
                assertEquals("float32", metadata.get("dtype").asText());
                assertEquals("40000", metadata.get("max_shard_size").asText());
                assertEquals(index.get("metadata").get("config_sha256").asText(), metadata.get("config_sha256").asText());
                assertTrue(metadata.path("device").isMissingNode() && metadata.path("certified").isMissingNode(), metadata.toString());
                for (Iterator<String> it = header(shard).fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!name.equals("__metadata__")) {
                        assertEquals(shard.getFileName().toString(), index.get("weight_map").get(name).asText(), name);
                    }
                }
            }
        }
        assertTrue(shards > 1);
        assertEquals(total, index.get("metadata").get("total_size").asLong());
        long parameters = 50 * 64 * 2 + 2 * (64 * 64 * 2 + 32 * 64 * 2 + 96 * 64 * 3 + 64 * 2) + 64;
        assertEquals(parameters, index.get("metadata").get("total_parameters").asLong());
        assertEquals(Files.readString(config), Files.readString(out.resolve("config.json")), "config.json copied");
        // The pad_token_id row of the embedding is zero.
        Map<String, float[]> values = floats(out);
        float[] embed = values.get("model.embed_tokens.weight");
        for (int j = 0; j < 64; j++) {
            assertEquals(0f, embed[3 * 64 + j]);
        }
        Path single = dir.resolve("single");
        ok("init", "--hf-config", config.toString(), "--seed", "4", "--progress", "none", "--out", single.toString());
        assertTrue(Files.exists(single.resolve("model.safetensors")) && !Files.exists(single.resolve("model.safetensors.index.json")));
        Map<String, float[]> same = floats(single);
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            assertArrayEquals(e.getValue(), same.get(e.getKey()), "values never depend on the shard split: " + e.getKey());
        }
    }

    @Test
    void partsWrittenApartEqualOneRunByteForByte() throws Exception {
        Path config = config(TINY_LLAMA);
        Path whole = dir.resolve("whole");
        ok("init", "--hf-config", config.toString(), "--seed", "7", "--max-shard-size", "30KB", "--progress", "none", "--out", whole.toString());
        Path parts = dir.resolve("parts");
        for (String part : List.of("2/3", "1/3", "3/3")) {
            ok("init", "--hf-config", config.toString(), "--seed", "7", "--max-shard-size", "30KB", "--part", part, "--device", "cpu",
                    "--progress", "none", "--out", parts.toString());
        }
        List<String> files;
        try (Stream<Path> list = Files.list(whole)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (Stream<Path> list = Files.list(parts)) {
            assertEquals(files, list.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String file : files) {
            if (file.endsWith(".safetensors")) {
                assertArrayEquals(dataOf(whole.resolve(file)), dataOf(parts.resolve(file)), file);
            } else {
                assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(parts.resolve(file)), file);
            }
        }
    }

    @Test
    void gpt2ResidualProjectionsAreScaledAndTheHeadIsTied() throws Exception {
        Path out = dir.resolve("gpt2");
        Path config = config("{\"model_type\": \"gpt2\", \"n_embd\": 64, \"n_layer\": 8, \"n_head\": 2, \"n_positions\": 32, "
                + "\"vocab_size\": 100, \"initializer_range\": 0.02}");
        ok("init", "--hf-config", config.toString(), "--seed", "1", "--progress", "none", "--out", out.toString());
        Map<String, float[]> values = floats(out);
        assertFalse(values.containsKey("lm_head.weight"));
        float[] proj = values.get("transformer.h.0.mlp.c_proj.weight"); // 16384 samples: 4 sigma of the sd's error is 2.2%
        double square = 0;
        for (float v : proj) {
            square += (double) v * v;
        }
        assertEquals(0.02 / Math.sqrt(16), Math.sqrt(square / proj.length), 0.022 * 0.02 / 4);
    }

    @Test
    void badInputsExitTwoAndNameWhatIsWrong() throws Exception {
        Path unknown = config("{\"model_type\": \"bloom\", \"architectures\": [\"BloomForCausalLM\"]}");
        assertError(2, "model_type 'bloom'", "init", "--hf-config", unknown.toString(), "--out", dir.resolve("u").toString());
        Path missing = config("{\"model_type\": \"llama\", \"hidden_size\": 8}");
        assertError(2, "num_hidden_layers is missing", "init", "--hf-config", missing.toString(), "--out", dir.resolve("m").toString());
        Path config = config(TINY_LLAMA);
        for (String part : List.of("0/3", "4/3", "1/0", "a/b")) {
            assertError(2, "part '" + part + "'", "init", "--hf-config", config.toString(), "--part", part, "--out", dir.resolve("p").toString());
        }
        assertError(2, "max shard size 'lots'", "init", "--hf-config", config.toString(), "--max-shard-size", "lots", "--out",
                dir.resolve("s").toString());
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        assertError(2, "not empty", "init", "--hf-config", config.toString(), "--out", used.toString());
        ok("init", "--hf-config", config.toString(), "--overwrite", "--progress", "none", "--out", used.toString());
        assertEquals("mine", Files.readString(used.resolve("notes.txt")));
    }

    private static void assertError(int status, String fragment, String... args) {
        CliRunner run = CliRunner.run(args);
        assertEquals(status, run.status(), run.err());
        assertTrue(run.err().startsWith("error: ") && run.err().contains(fragment), run.err() + " lacks " + fragment);
    }

    private static long headerLength(Path file) throws IOException {
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(file)) {
            in.readNBytes(head, 0, 8);
        }
        return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static JsonNode header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return JSON.readTree(new String(bytes, 8, (int) headerLength(file), StandardCharsets.UTF_8));
    }

    private static byte[] dataOf(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return java.util.Arrays.copyOfRange(bytes, 8 + (int) headerLength(file), bytes.length);
    }

    /** Every float32 tensor of a folder by name, read with the header's offsets. */
    private static Map<String, float[]> floats(Path folder) throws IOException {
        Map<String, float[]> all = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path shard : files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList()) {
                JsonNode header = header(shard);
                ByteBuffer data = ByteBuffer.wrap(dataOf(shard)).order(ByteOrder.LITTLE_ENDIAN);
                for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getKey().equals("__metadata__") || !e.getValue().get("dtype").asText().equals("F32")) {
                        continue;
                    }
                    int begin = e.getValue().get("data_offsets").get(0).asInt();
                    int end = e.getValue().get("data_offsets").get(1).asInt();
                    float[] values = new float[(end - begin) / 4];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = data.getFloat(begin + 4 * i);
                    }
                    all.put(e.getKey(), values);
                }
            }
        }
        return all;
    }

    /** A folder written here, re-initialized with --like, keeps its names, shapes, dtypes, shard files and index. */
    @Test
    void likeOfAWrittenFolderKeepsItsLayout() throws Exception {
        Path config = config(TINY_LLAMA);
        Path folder = dir.resolve("written");
        ok("init", "--hf-config", config.toString(), "--seed", "2", "--max-shard-size", "40KB", "--progress", "none", "--out", folder.toString());
        Path like = dir.resolve("like");
        ok("init", "--like", folder.toString(), "--seed", "3", "--progress", "none", "--out", like.toString());
        try (Stream<Path> a = Files.list(folder); Stream<Path> b = Files.list(like)) {
            assertEquals(a.map(p -> p.getFileName().toString()).sorted().toList(), b.map(p -> p.getFileName().toString()).sorted().toList());
        }
        JsonNode sourceIndex = JSON.readTree(folder.resolve("model.safetensors.index.json").toFile());
        JsonNode likeIndex = JSON.readTree(like.resolve("model.safetensors.index.json").toFile());
        assertEquals(sourceIndex.get("weight_map"), likeIndex.get("weight_map"), "every tensor in the same shard");
        assertEquals(sourceIndex.get("metadata").get("total_size"), likeIndex.get("metadata").get("total_size"));
        assertEquals("3", likeIndex.get("metadata").get("seed").asText(), "the index records the new model's run, not the source's");
        try (Stream<Path> shards = Files.list(folder)) {
            for (Path shard : shards.filter(p -> p.getFileName().toString().endsWith(".safetensors")).toList()) {
                JsonNode a = header(shard);
                JsonNode b = header(like.resolve(shard.getFileName()));
                for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!name.equals("__metadata__")) {
                        assertEquals(a.get(name), b.get(name), name + ": dtype, shape and offsets");
                    }
                }
            }
        }
    }
}
