package dev.weightinit.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.Zeros;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link HfFolderPlan} itself: which rule sets and shard sizes it takes, its counts, the run record
 * of its files, and huggingface_hub's packing at the edges ({@code split_torch_state_dict_into_shards}:
 * a tensor over the limit is appended alone at once, the open shard stays open), worked out by hand.
 */
class HfFolderPlanTest {
    /** 12 tensors, 188 parameters: embed 5x4, q/k/v/o 4x4, gate/up 6x4, down 4x6, three norms of 4 (one is the final norm), lm_head 5x4. */
    private static final byte[] LLAMA = ("{\"model_type\": \"llama\", \"hidden_size\": 4, \"intermediate_size\": 6, \"num_hidden_layers\": 1, "
            + "\"num_attention_heads\": 2, \"vocab_size\": 5}").getBytes(StandardCharsets.UTF_8);

    private static HfFolderPlan plan(long maxShardBytes, String rules) {
        return new HfFolderPlan(LLAMA, "config.json", DType.BFLOAT16, 7, maxShardBytes, rules);
    }

    @Test
    void onlyTheHfAndTorchtitanRuleSetsApply() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(100, "torch"));
        assertEquals("--rules torch does not apply to --hf-config: expected one of [hf, torchtitan]", e.getMessage());
        assertEquals(12, plan(100, "torchtitan").tensorCount());
    }

    @Test
    void theLargestShardIsAtLeastOneByte() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(0, "hf"));
        assertEquals("max shard size 0 is not valid: expected at least 1 byte", e.getMessage());
        assertEquals(12, plan(1, "hf").shardCount(), "1 byte: every tensor is over the limit and alone");
    }

    @Test
    void theCountsAreTheArchitecturesTable() {
        HfFolderPlan plan = plan(1000, "hf");
        assertEquals(12, plan.tensorCount());
        assertEquals(5 * 4 + 4 * 16 + 3 * 24 + 3 * 4 + 5 * 4, plan.parameters());
        assertEquals(188 * 2, plan.totalBytes());
        assertEquals("llama", plan.modelType());
        assertEquals(1, plan.shardCount());
        assertNull(plan.index(), "one shard: model.safetensors and no index");
    }

    @Test
    void theRunRecordNamesARuleSetOnlyWhereItIsNotTheDefault() {
        HfFolderPlan hf = plan(100, "hf");
        HfFolderPlan titan = plan(100, "torchtitan");
        Map<String, String> hfShard = hf.metadata(hf.shards().get(0));
        Map<String, String> titanShard = titan.metadata(titan.shards().get(0));
        assertFalse(hfShard.containsKey("rules"), hfShard.toString());
        assertEquals("torchtitan", titanShard.get("rules"));
        assertEquals("bfloat16", titanShard.get("dtype"));
        assertEquals("100", titanShard.get("max_shard_size"));
        assertNotNull(titan.index());
        assertFalse(new String(hf.index(), StandardCharsets.UTF_8).contains("\"rules\""));
        assertTrue(new String(titan.index(), StandardCharsets.UTF_8).contains("\"rules\": \"torchtitan\""));
    }

    /**
     * The config's SHA-256 (from sha256sum of the bytes above), the index's weight map, the files' names.
     * 100 B of bfloat16: [embed 40, q 32] | [k, v, o: 96] | [gate, up: 96] | [down 48, two layer norms, the final norm: 72] | [lm_head 40].
     */
    @Test
    void theFilesAreNamedAndIndexedAsTransformersWritesThem() {
        HfFolderPlan plan = plan(100, "hf");
        assertEquals("78a3a9ef418d23561d7f4ea1a43a47381a93ca841caa0fcb90a89dac12ec875c", plan.configDigest());
        assertEquals(plan.configDigest(), plan.metadata(plan.shards().get(0)).get("config_sha256"));
        assertEquals(List.of("model-00001-of-00005.safetensors", "model-00002-of-00005.safetensors", "model-00003-of-00005.safetensors",
                "model-00004-of-00005.safetensors", "model-00005-of-00005.safetensors"),
                plan.shards().stream().map(HfFolderPlan.Shard::file).toList());
        assertEquals(List.of(2, 3, 2, 4, 1), plan.shards().stream().map(shard -> shard.jobs().size()).toList());
        assertEquals("model.safetensors", plan(1000, "hf").shards().get(0).file());
        String index = new String(plan.index(), StandardCharsets.UTF_8);
        for (HfFolderPlan.Shard shard : plan.shards()) {
            for (var job : shard.jobs()) {
                assertTrue(index.contains("\"" + job.name() + "\": \"" + shard.file() + "\""), job.name() + " in " + index);
            }
        }
    }

    /** torchtitan's rule set replaces transformers' initializers: its embedding is normal_(std=1), transformers' N(0, 0.02). */
    @Test
    void torchtitansRulesReplaceTheInitializers() {
        var hf = plan(1000, "hf").shards().get(0).jobs().get(0);
        var titan = plan(1000, "torchtitan").shards().get(0).jobs().get(0);
        assertEquals("model.embed_tokens.weight", titan.name());
        assertEquals(1.0, ((Number) titan.initializer().getConfig().get("std")).doubleValue());
        assertEquals("torch.nn.Embedding", hf.initializer().className());
        assertEquals(0.02, ((Number) hf.initializer().getConfig().get("std")).doubleValue());
        assertEquals("normal_", titan.initializer().className());
    }

    /** Bytes past 2^63 - 1 are refused by name, not wrapped into a negative size. */
    @Test
    void aTensorPastTwoToTheSixtyThreeBytesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HfFolderPlan.pack(List.of(tensor("huge", Long.MAX_VALUE / 2 + 1)), DType.BFLOAT16, 1, 4));
        assertEquals("tensor huge (4611686018427387904,) takes more than 2^63 - 1 bytes", e.getMessage());
    }

    /** (2^63 - 1) / 2 bfloat16 elements are 2^63 - 2 bytes: planned (alone, over the limit), not refused. */
    @Test
    void aTensorOfJustUnderTwoToTheSixtyThreeBytesIsPlanned() {
        List<HfFolderPlan.Shard> shards = HfFolderPlan.pack(List.of(tensor("edge", Long.MAX_VALUE / 2)), DType.BFLOAT16, 1, 4);
        assertEquals(1, shards.size());
        assertEquals(Long.MAX_VALUE - 1, shards.get(0).bytes());
    }

    /** A model with no tensors is one empty model.safetensors, not a folder without weights. */
    @Test
    void noTensorsMakeOneEmptyShard() {
        List<HfFolderPlan.Shard> shards = HfFolderPlan.pack(List.of(), DType.BFLOAT16, 1, 4);
        assertEquals(1, shards.size());
        assertEquals("model.safetensors", shards.get(0).file());
        assertTrue(shards.get(0).jobs().isEmpty());
    }

    /** a (2 B), b (exactly the 4 B limit), c (2 B): b closes a's shard and opens its own, so the order stays a, b, c. */
    @Test
    void aTensorExactlyAtTheLimitKeepsStateDictOrder() {
        List<List<String>> shards = names(HfFolderPlan.pack(List.of(tensor("a", 1), tensor("b", 2), tensor("c", 1)), DType.BFLOAT16, 1, 4));
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c")), shards);
    }

    /** huggingface_hub appends a tensor over the limit at once and keeps filling the open shard: [big], then [a, c]. */
    @Test
    void aTensorOverTheLimitIsAloneAndTheOpenShardGoesOn() {
        List<List<String>> shards = names(HfFolderPlan.pack(List.of(tensor("a", 1), tensor("big", 3), tensor("c", 1)), DType.BFLOAT16, 1, 4));
        assertEquals(List.of(List.of("big"), List.of("a", "c")), shards);
    }

    private static HfArchitectures.Tensor tensor(String name, long elements) {
        return new HfArchitectures.Tensor(name, Shape.of(elements), new Zeros());
    }

    private static List<List<String>> names(List<HfFolderPlan.Shard> shards) {
        return shards.stream().map(s -> s.jobs().stream().map(j -> j.name()).toList()).toList();
    }
}
