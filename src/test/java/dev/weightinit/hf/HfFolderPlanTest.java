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
