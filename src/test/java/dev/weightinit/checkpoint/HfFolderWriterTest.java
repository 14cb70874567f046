package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.DType;
import dev.weightinit.hf.HfConfigs;
import dev.weightinit.hf.HfFolderPlan;
import dev.weightinit.io.SafetensorsReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HfFolderWriter#plan}: the plan of a Hugging Face folder from an {@link InitRequest}, the value the Spark job plans from:
 * the request's dtype over the config's, and huggingface_hub's greedy packing
 * ({@code split_torch_state_dict_into_shards}: in state_dict order, a new shard when the next
 * tensor would pass the limit, a tensor over the limit alone) worked out by hand below for a
 * 12-tensor Llama of 376 bfloat16 bytes.
 */
class HfFolderWriterTest {
    /** embed 5x4 (40 B), q/k/v/o 4x4 (32 B each), gate/up 6x4 and down 4x6 (48 B each), three norms (8 B each), lm_head 5x4 (40 B). */
    private static final String LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 4, \"intermediate_size\": 6, \"num_hidden_layers\": 1, "
            + "\"num_attention_heads\": 2, \"vocab_size\": 5, \"torch_dtype\": \"bfloat16\"}";

    @TempDir
    Path dir;

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("config.json"), LLAMA);
    }

    @Test
    void theRequestsOptionsAndThePackingIsHuggingFaceHubs() throws Exception {
        Path config = config();
        HfFolderPlan plan = plan(request(config.toString(), 5L, "96", null));
        assertEquals(5L, plan.seed());
        assertEquals(188, plan.parameters());
        assertArrayEquals(Files.readAllBytes(config), plan.config());
        // 96 B: [embed, q] 72 | [k, v, o] exactly 96 | [gate, up] 96 | [down, 3 norms] 72 | [lm_head] 40.
        assertEquals(List.of("model-00001-of-00005.safetensors: 2 tensors, 72 B", "model-00002-of-00005.safetensors: 3 tensors, 96 B",
                "model-00003-of-00005.safetensors: 2 tensors, 96 B", "model-00004-of-00005.safetensors: 4 tensors, 72 B",
                "model-00005-of-00005.safetensors: 1 tensors, 40 B",
                "plan: llama 12 tensors, 188 parameters, 376 B in 5 shards of at most 96 B, bfloat16"), plan.describe());
        assertEquals(5, plan.shardCount());
        long total = 0;
        for (int i = 0; i < 5; i++) {
            assertEquals(String.format("model-%05d-of-00005.safetensors", i + 1), plan.shardFile(i));
            total += plan.shardBytes(i);
        }
        assertEquals(List.of(72L, 96L, 96L, 72L, 40L), List.of(plan.shardBytes(0), plan.shardBytes(1), plan.shardBytes(2), plan.shardBytes(3),
                plan.shardBytes(4)));
        assertEquals(376, total);
        assertEquals(376, plan.totalBytes());
        String index = new String(plan.index(), java.nio.charset.StandardCharsets.UTF_8);
        // The config's SHA-256 computed here, independently of the plan's own digest.
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(config)));
        assertTrue(index.startsWith("{\n  \"metadata\": {\n    \"config_sha256\": \"" + sha256 + "\",\n    \"dtype\": \"bfloat16\",\n"
                + "    \"generator\": \"weightinit\",\n    \"max_shard_size\": \"96\",\n    \"seed\": \"5\",\n    \"stream_spec\": \"1\",\n"
                + "    \"total_parameters\": 188,\n    \"total_size\": 376\n  },\n  \"weight_map\": {\n"), index);
        assertEquals(sha256, plan.configDigest());
        assertTrue(index.contains("    \"lm_head.weight\": \"model-00005-of-00005.safetensors\",\n"), index);
        assertEquals("HfFolderPlan[" + config + ", 5 shards, bfloat16, seed 5]", plan.toString());

        // Shard 2 written alone: a safetensors file of k, v and o, the header before 96 bytes of data.
        Path shard = dir.resolve("shard2.safetensors");
        long written;
        List<String> warnings = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(shard, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            written = HfFolderWriter.writeShard(plan, 1, channel, "auto", 8, warnings::add);
        }
        assertEquals(Files.size(shard), written, "the bytes written");
        assertTrue(written > 96 + 8, "a header and 96 bytes of data");
        assertEquals(List.of(), warnings);
        assertEquals(List.of("model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.v_proj.weight",
                "model.layers.0.self_attn.o_proj.weight"), SafetensorsReader.read(shard).tensors().stream().map(SafetensorsReader.Entry::name)
                .toList());

        // 48 B: a tensor of exactly the limit is packed, not set apart; [o] and [gate] are two shards.
        HfFolderPlan small = plan(request(config.toString(), 5L, "48", null));
        assertEquals(10, small.shardCount());
        assertEquals(List.of("1", "1", "1", "1", "1", "1", "1", "1", "3", "1"), small.describe().subList(0, 10).stream()
                .map(line -> line.replaceAll(".*: (\\d+) tensors.*", "$1")).toList());
        // 40 B: gate, up and down (48 B) are over the limit, each alone and at once, as huggingface_hub appends them, while
        // o waits in the open shard: [embed] [q] [k] [v] [gate] [up] [down] [o, input_layernorm] [post_attention_layernorm, norm] [lm_head].
        HfFolderPlan tiny = plan(request(config.toString(), 5L, "40", null));
        assertEquals(List.of("40 B", "32 B", "32 B", "32 B", "48 B", "48 B", "48 B", "40 B", "16 B", "40 B"), tiny.describe().subList(0, 10)
                .stream().map(line -> line.replaceAll(".*tensors, ", "")).toList());

        HfFolderPlan one = plan(request(config.toString(), null, InitRequest.DEFAULT_MAX_SHARD_SIZE, "float32"));
        assertEquals(1, one.shardCount());
        assertEquals("model.safetensors", one.shardFile(0));
        assertNull(one.index(), "one shard: no index");
        assertEquals("plan: llama 12 tensors, 188 parameters, 752 B in 1 shard of at most 4.7 GiB, float32", one.describe().get(1),
                "--dtype over the config's torch_dtype; huggingface_hub's default 5GB");
        HfFolderPlan shipped = plan(new InitRequest(new InitRequest.Source(InitRequest.Kind.PRESET, "gpt2"), "x", 1L, null,
                ByteSize.parse(InitRequest.DEFAULT_MAX_SHARD_SIZE), null, false, "hf", false, "auto", 8));
        assertTrue(shipped.describe().get(shipped.describe().size() - 1).startsWith("plan: gpt2 148 tensors, 124439808 parameters, "),
                shipped.describe().toString());
    }

    @Test
    void whatIsNotAFolderPlanIsRefusedByName() throws IOException {
        String expected = "this writes Hugging Face folders: expected --hf-config CONFIG.json|NAME or --preset with a shipped config "
                + HfConfigs.SHIPPED + ", not ";
        assertEquals(expected + "--preset gpt2-small", error(new InitRequest.Source(InitRequest.Kind.PRESET, "gpt2-small")));
        assertEquals(expected + "--spec s.json", error(new InitRequest.Source(InitRequest.Kind.SPEC, "s.json")));
        assertEquals(expected + "--like m.safetensors", error(new InitRequest.Source(InitRequest.Kind.LIKE, "m.safetensors")));
        assertEquals("config nope.json is neither a file nor a shipped config: shipped are " + HfConfigs.SHIPPED, error(hf("nope.json")));
        assertEquals("config " + dir + " is neither a file nor a shipped config: shipped are " + HfConfigs.SHIPPED, error(hf(dir.toString())));
        Path list = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        assertEquals("config " + list + " is not a JSON object", error(hf(list.toString())));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model_type\": ");
        assertTrue(error(hf(broken.toString())).startsWith("config " + broken + " is not valid JSON: "));
        Path bert = Files.writeString(dir.resolve("bert.json"), "{\"model_type\": \"bert\"}");
        assertTrue(error(hf(bert.toString())).startsWith(bert + ": model_type 'bert'"), "refused where it enters");
    }

    @Test
    void requestsRefuseOutOfRangeValuesWhereTheyAreMade() {
        for (int bad : new int[] {0, 1025}) {
            assertEquals("chunk size " + bad + " MiB is not valid: expected 1 to 1024", assertThrows(IllegalArgumentException.class,
                    () -> new InitRequest(hf("c.json"), "x", null, null, 1, null, false, "hf", false, "auto", bad)).getMessage());
        }
        for (int edge : new int[] {1, 1024}) {
            assertEquals(edge << 20, new InitRequest(hf("c.json"), "x", null, null, 1, null, false, "hf", false, "auto", edge).chunkBytes());
        }
        assertEquals("max shard size 0 is not valid: expected at least 1 byte", assertThrows(IllegalArgumentException.class,
                () -> new InitRequest(hf("c.json"), "x", null, null, 0, null, false, "hf", false, "auto", 8)).getMessage());
    }

    private static InitRequest.Source hf(String config) {
        return new InitRequest.Source(InitRequest.Kind.HF_CONFIG, config);
    }

    private static InitRequest request(String config, Long seed, String maxShard, String dtype) {
        return new InitRequest(hf(config), "x", seed, dtype == null ? null : DType.parse(dtype), ByteSize.parse(maxShard), null, false,
                "hf", false, "auto", 8);
    }

    private static HfFolderPlan plan(InitRequest request) throws IOException {
        return HfFolderWriter.plan(request, ModelSeed.of(request.seed()));
    }

    private static String error(InitRequest.Source source) {
        InitRequest request = new InitRequest(source, "x", 1L, null, 1000, null, false, "hf", false, "auto", 8);
        return assertThrows(IllegalArgumentException.class, () -> plan(request)).getMessage();
    }

    private dev.weightinit.cli.CliRunner part(Path config, Path out, String part, String seed, String maxShard) {
        return dev.weightinit.cli.CliRunner.run("init", "--hf-config", config.toString(), "--seed", seed, "--max-shard-size", maxShard,
                "--part", part, "--device", "cpu", "--progress", "none", "--out", out.toString());
    }

    /**
     * Parts of one folder must be of one model: a second part with another seed is refused naming the
     * seed (from the index the first part wrote), one with another shard size by its shard count or
     * size, and with no index (one shard per part) by a shard's own record; the matching part
     * completes the folder and says which shards it wrote (every second one, from the second). 96 B packs the model into the 5 shards above.
     */
    @Test
    void partsOfOneFolderMustBeOfOneModel() throws IOException {
        Path config = config();
        Path out = dir.resolve("parts");
        assertEquals(0, part(config, out, "1/2", "3", "96").status());
        dev.weightinit.cli.CliRunner seed = part(config, out, "2/2", "4", "96");
        assertEquals(2, seed.status());
        assertEquals("error: " + out + " holds parts of another model: its seed is 3, this part's is 4; every part needs the same config, "
                + "--seed, --dtype and --max-shard-size", seed.err().strip());
        dev.weightinit.cli.CliRunner size = part(config, out, "2/2", "3", "48");
        assertEquals(2, size.status());
        assertTrue(size.err().contains("its max_shard_size is 96, this part's is 48;"), size.err());
        dev.weightinit.cli.CliRunner rest = part(config, out, "2/2", "3", "96");
        assertEquals(0, rest.status(), rest.err());
        // part K of N writes the shards i with i % N == K - 1 (0-based): shards 2 and 4 of 5
        assertTrue(rest.out().contains("in 12 tensors and 5 shards (model-00002-of-00005.safetensors, model-00004-of-00005.safetensors "
                + "written by this run, part 2/2)"), rest.out());

        // Without the index: the shards' own records are compared, field by field.
        Path bare = dir.resolve("bare");
        assertEquals(0, part(config, bare, "1/2", "3", "96").status());
        Files.delete(bare.resolve(FolderCommit.INDEX));
        dev.weightinit.cli.CliRunner fromShard = part(config, bare, "2/2", "4", "96");
        assertEquals(2, fromShard.status());
        assertTrue(fromShard.err().contains("its seed is 3, this part's is 4;"), fromShard.err());
        Files.copy(bare.resolve("model-00001-of-00005.safetensors"), bare.resolve("model-00009-of-00009.safetensors"));
        dev.weightinit.cli.CliRunner count = part(config, bare, "2/2", "3", "96");
        assertEquals(2, count.status());
        assertTrue(count.err().contains("its shard count is model-00009-of-00009.safetensors, this part's is 5 shards;"), count.err());
    }

    private static InitRequest run(Path config, Path out, Long seed, String maxShard, boolean plan) {
        return new InitRequest(new InitRequest.Source(InitRequest.Kind.HF_CONFIG, config.toString()), out.toString(), seed, null,
                ByteSize.parse(maxShard), null, false, "hf", plan, "cpu", 8);
    }

    /**
     * What a run reports: the plan's lines for a plan; for a written folder each shard it wrote, the
     * summary's shard count and "all written by this run", the drawn seed to repeat it, and a time no
     * longer than the call took.
     */
    @Test
    void aRunReportsItsShardsItsSeedAndItsTime() throws IOException {
        Path config = config();
        CapturedRun planned = new CapturedRun();
        InitResult plan = InitRun.run(run(config, dir.resolve("p"), 5L, "96", true), planned.output(false));
        assertTrue(plan.planOnly());
        assertEquals(5, plan.files().size());
        assertEquals(String.join(System.lineSeparator(), plan(request(config.toString(), 5L, "96", null)).describe()) + System.lineSeparator(),
                planned.out());
        assertFalse(Files.exists(dir.resolve("p")));

        Path one = dir.resolve("one");
        CapturedRun drawn = new CapturedRun();
        long started = System.nanoTime();
        InitResult result = InitRun.run(run(config, one, null, InitRequest.DEFAULT_MAX_SHARD_SIZE, false), drawn.output(false));
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertTrue(result.seedDrawn());
        assertTrue(result.seconds() > 0 && result.seconds() <= elapsed, result.seconds() + " s of a call of " + elapsed + " s");
        assertEquals(List.of(new InitResult.File("model.safetensors", 12, 376, true)), result.files());
        assertTrue(drawn.out().contains(" in 12 tensors and 1 shard (all written by this run), "), drawn.out());
        assertTrue(drawn.out().endsWith(", seed " + result.seed() + " -> " + one + System.lineSeparator()), drawn.out());
        assertTrue(drawn.err().startsWith("init: wrote " + one.resolve("model.safetensors") + System.lineSeparator()), drawn.err());
        assertTrue(drawn.err().contains("--seed " + result.seed()), "the drawn seed, to repeat the run: " + drawn.err());

        CapturedRun sharded = new CapturedRun();
        InitRun.run(run(config, dir.resolve("five"), 5L, "96", false), sharded.output(false));
        assertTrue(sharded.out().contains(" in 12 tensors and 5 shards (all written by this run), "), sharded.out());
        assertEquals(5, sharded.err().lines().filter(l -> l.startsWith("init: wrote " + dir.resolve("five").resolve("model-0"))).count(),
                sharded.err());
        assertFalse(sharded.err().contains("--seed"), "a given seed needs no hint: " + sharded.err());
    }

    /** Rules other than hf and torchtitan are refused for a config, naming the ones it takes. */
    @Test
    void rulesForLikeAreRefusedForAConfig() throws IOException {
        InitRequest request = new InitRequest(new InitRequest.Source(InitRequest.Kind.HF_CONFIG, config().toString()), dir.resolve("o").toString(),
                5L, null, 96, null, false, "torch", false, "cpu", 8, java.util.Set.of("--rules"));
        assertEquals("--rules torch does not apply to --hf-config: expected one of " + HfFolderPlan.RULES, assertThrows(
                IllegalArgumentException.class, () -> InitRun.run(request, new CapturedRun().output(false))).getMessage());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    /** The index's name is checked before anything is written, like every other file's. */
    @Test
    void aFolderWhereTheIndexGoesIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out").resolve(FolderCommit.INDEX)).getParent();
        InitRequest request = new InitRequest(new InitRequest.Source(InitRequest.Kind.HF_CONFIG, config().toString()), out.toString(),
                5L, null, 96, null, true, "hf", false, "cpu", 8);
        assertEquals(out.resolve(FolderCommit.INDEX) + " exists and is not a regular file: the model writes a file of that name",
                assertThrows(IllegalArgumentException.class, () -> InitRun.run(request, new CapturedRun().output(false))).getMessage());
        try (java.util.stream.Stream<Path> entries = Files.list(out)) {
            assertEquals(List.of(out.resolve(FolderCommit.INDEX)), entries.toList(), "nothing written");
        }
    }

    /** A part writes its shards and the index, and leaves every other file of the folder alone, an old model.safetensors too. */
    @Test
    void aPartLeavesAnOldOneFileModelAlone() throws IOException {
        Path config = config();
        Path out = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(out.resolve("model.safetensors"), "an old one-file model");
        dev.weightinit.cli.CliRunner first = part(config, out, "1/2", "3", "96");
        assertEquals(0, first.status(), first.err());
        assertEquals("an old one-file model", Files.readString(out.resolve("model.safetensors")));
        assertFalse(first.err().contains("removed"), first.err());
    }
}
