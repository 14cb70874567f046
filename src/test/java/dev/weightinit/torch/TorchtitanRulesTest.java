package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.cli.CliProbe;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.Distribution;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --rules torchtitan}: torchtitan's Llama 3 {@code init_weights} (models/llama3/model/model.py
 * at 6404b93, depth_init) on Hugging Face names, tensor by tensor, then on a whole folder through
 * {@code init --like}: every tensor's standard deviation within 5 standard errors of torchtitan's
 * (a false alarm of 6e-7 per tensor; a 10% error of any std is 10+ standard errors away for
 * these sizes), lm_head inside ±3 std.
 */
class TorchtitanRulesTest {
    private static double std(String name, Shape shape) {
        return TorchtitanRules.choose(name, shape).initializer().expectedStddev(shape).orElseThrow();
    }

    @Test
    void eachTensorGetsTorchtitansInitByItsName() {
        Shape square = Shape.of(64, 64);
        assertEquals(1.0, std("model.embed_tokens.weight", Shape.of(1000, 64)), 1e-7);
        for (String part : new String[] {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "mlp.gate_proj"}) {
            assertEquals(0.02, std("model.layers.3." + part + ".weight", square), 1e-8, part);
        }
        for (int layer : new int[] {0, 1, 15}) {
            double depth = 0.02 / Math.sqrt(2.0 * (layer + 1)); // weight_init_std with depth_init
            for (String part : new String[] {"self_attn.o_proj", "mlp.down_proj", "mlp.up_proj"}) {
                assertEquals(depth, std("model.layers." + layer + "." + part + ".weight", square), 1e-8, part + " of layer " + layer);
            }
        }
        assertEquals(Ones.class, TorchtitanRules.choose("model.layers.2.input_layernorm.weight", Shape.of(64)).initializer().getClass());
        assertEquals(Ones.class, TorchtitanRules.choose("model.norm.weight", Shape.of(64)).initializer().getClass());
        // lm_head: std dim^-1/2 cut at ±3 std, the bounded normal of stream spec v2
        TruncNormal head = (TruncNormal) TorchtitanRules.choose("lm_head.weight", Shape.of(1000, 64)).initializer();
        assertEquals(Distribution.BOUNDED_NORMAL, head.fillSpec(dev.weightinit.core.TensorSpec.of(Shape.of(1000, 64),
                dev.weightinit.engine.DType.FLOAT32)).distribution());
        double sigma = 1 / 8.0;
        assertEquals(Math.sqrt(TruncatedNormalDistribution.of(0, sigma, -3 * sigma, 3 * sigma).getVariance()),
                std("lm_head.weight", Shape.of(1000, 64)), 1e-8);
    }

    @Test
    void aTensorTorchtitansLlamaDoesNotHaveIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchtitanRules.choose("model.layers.0.self_attn.q_proj.bias", Shape.of(64)));
        assertTrue(e.getMessage().contains("model.layers.0.self_attn.q_proj.bias") && e.getMessage().contains("torchtitan"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchtitanRules.choose("transformer.h.0.attn.c_attn.weight", Shape.of(64, 192)));
    }

    @Test
    void hfConfigTakesOnlyTheRuleSetsItKnowsAndTorchtitanOnlyForLlama(@TempDir Path dir) throws Exception {
        Path gpt2 = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_embd\": 64, \"n_layer\": 1, "
                + "\"n_head\": 2, \"vocab_size\": 100, \"n_positions\": 32}");
        assertEquals(2, CliProbe.init("--hf-config", gpt2.toString(), "--rules", "torchtitan", "--seed", "1", "--device", "cpu",
                "--progress", "none", "--out", dir.resolve("a").toString()), "gpt2's tensors are not torchtitan's Llama's");
        assertEquals(2, CliProbe.init("--hf-config", gpt2.toString(), "--rules", "torch", "--seed", "1", "--device", "cpu",
                "--progress", "none", "--out", dir.resolve("b").toString()), "--hf-config takes hf and torchtitan only");
        assertTrue(Files.notExists(dir.resolve("a")) && Files.notExists(dir.resolve("b")), "nothing written");
    }

    @Test
    void aLlamaFolderGetsTorchtitansStatisticsTensorByTensor(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": 256, "
                + "\"intermediate_size\": 512, \"num_hidden_layers\": 3, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, "
                + "\"vocab_size\": 2000, \"tie_word_embeddings\": false, \"torch_dtype\": \"float32\"}");
        Path source = dir.resolve("hf");
        assertEquals(0, CliProbe.init("--hf-config", config.toString(), "--seed", "1", "--device", "cpu", "--progress", "none",
                "--dtype", "float32", "--out", source.toString()));
        Path titan = dir.resolve("titan");
        assertEquals(0, CliProbe.init("--like", source.toString(), "--rules", "torchtitan", "--seed", "2", "--device", "cpu",
                "--progress", "none", "--out", titan.toString()));
        Map<String, float[]> tensors = read(titan);
        // --hf-config --rules torchtitan makes the same tensors (same names, seed and initializers)
        Path direct = dir.resolve("direct");
        assertEquals(0, CliProbe.init("--hf-config", config.toString(), "--rules", "torchtitan", "--seed", "2", "--device", "cpu",
                "--progress", "none", "--dtype", "float32", "--out", direct.toString()));
        Map<String, float[]> same = read(direct);
        assertEquals(tensors.keySet(), same.keySet());
        tensors.forEach((name, values) -> assertTrue(java.util.Arrays.equals(values, same.get(name)), name));
        assertEquals(3 * 9 + 3, tensors.size(), tensors.keySet().toString());
        checkStatistics(tensors);
    }

    private static Map<String, float[]> read(Path folder) throws Exception {
        Map<String, float[]> tensors = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                int n = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                com.fasterxml.jackson.databind.JsonNode header = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(new String(bytes, 8, n, java.nio.charset.StandardCharsets.UTF_8));
                assertEquals("2", header.get("__metadata__").get("stream_spec").asText(), "lm_head's bounded normal is stream spec v2");
                for (var it = header.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getKey().equals("__metadata__")) {
                        continue;
                    }
                    int begin = e.getValue().get("data_offsets").get(0).asInt();
                    int end = e.getValue().get("data_offsets").get(1).asInt();
                    float[] values = new float[(end - begin) / 4];
                    ByteBuffer.wrap(bytes, 8 + n + begin, end - begin).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                    tensors.put(e.getKey(), values);
                }
            }
        }
        return tensors;
    }

    private static void checkStatistics(Map<String, float[]> tensors) {
        for (Map.Entry<String, float[]> t : tensors.entrySet()) {
            if (t.getKey().endsWith("norm.weight")) {
                for (float v : t.getValue()) {
                    assertEquals(1f, v, t.getKey()); // RMSNorm's reset_parameters: ones
                }
                continue;
            }
            Shape shape = t.getKey().equals("lm_head.weight") ? Shape.of(2000, 256) : Shape.of(1, t.getValue().length);
            double expected = std(t.getKey(), shape);
            double sumSquares = 0;
            for (float v : t.getValue()) {
                sumSquares += (double) v * v;
            }
            double rms = Math.sqrt(sumSquares / t.getValue().length);
            double standardError = expected / Math.sqrt(2.0 * t.getValue().length);
            assertTrue(Math.abs(rms - expected) <= 5 * standardError,
                    t.getKey() + ": rms " + rms + ", torchtitan's std " + expected + " (standard error " + standardError + ")");
        }
        double cut = 3 / Math.sqrt(256);
        for (float v : tensors.get("lm_head.weight")) {
            assertTrue(Math.abs(v) <= cut, "lm_head value " + v + " beyond ±3 std = " + cut);
        }
    }
}
