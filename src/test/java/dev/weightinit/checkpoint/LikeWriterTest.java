package dev.weightinit.checkpoint;

import static dev.weightinit.checkpoint.InitCli.init;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.cli.CliRunner;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.RandomNormal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init --like} through {@link LikeWriter}: the plan of a file, lines worked out from torch's
 * module defaults (a Linear weight kaiming_uniform_, its bias uniform_); a folder written like a
 * sharded source (12 bfloat16 tensors, 188 parameters = 376 bytes, 5 shards at 96 B) with its
 * config and tokenizer copied byte for byte and no more readable than the source, and a new index
 * whose record is this run's; an output that is the source, inside it or around it refused, links
 * resolved.
 */
class LikeWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 4, \"intermediate_size\": 6, \"num_hidden_layers\": 1, "
            + "\"num_attention_heads\": 2, \"vocab_size\": 5, \"torch_dtype\": \"bfloat16\"}";

    @TempDir
    Path dir;

    private Path source() throws IOException {
        Path config = Files.writeString(dir.resolve("llama.json"), LLAMA);
        Path src = dir.resolve("src");
        CliRunner made = init("--hf-config", config.toString(), "--seed", "3", "--max-shard-size", "96", "--out", src.toString());
        assertEquals(0, made.status(), made.err());
        Files.writeString(src.resolve("tokenizer.json"), "{\"tok\": 1}");
        Files.setPosixFilePermissions(src.resolve("tokenizer.json"), PosixFilePermissions.fromString("rw-------"));
        return src;
    }

    /** {@code init --like source --rules torch --seed 2 --out out --device device}, as a Java caller asks it. */
    private static InitRequest like(Path source, Path out, String device) {
        return new InitRequest(new InitRequest.Source(InitRequest.Kind.LIKE, source.toString()), out.toString(), 2L, null,
                ByteSize.parse(InitRequest.DEFAULT_MAX_SHARD_SIZE), null, false, "torch", false, device, 8);
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return new TreeSet<>(entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aSingleFilesPlanListsEachTensorsInitializerAndRule() throws IOException {
        Path a = InitCli.specFile(dir, "a", 1, "{\"name\": \"fc.weight\", \"shape\": [6, 4], \"initializer\": \"zeros\", "
                + "\"dtype\": \"float32\"}, {\"name\": \"fc.bias\", \"shape\": [6], \"initializer\": \"zeros\", \"dtype\": \"bfloat16\"}");
        CliRunner plan = init("--like", a.toString(), "--rules", "torch", "--plan", "--seed", "2", "--out", dir.resolve("b").toString());
        assertEquals(0, plan.status(), plan.err());
        String line = "  %-50s %-22s %-5s %-18s %s%n";
        assertEquals("a.safetensors:" + System.lineSeparator()
                + String.format(Locale.ROOT, line, "fc.weight", "(6, 4)", "F32", "kaiming_uniform_", "torch module default")
                + String.format(Locale.ROOT, line, "fc.bias", "(6,)", "BF16", "uniform_", "torch module default")
                + "plan: 2 tensors, 30 parameters, 108 B in 1 file" + System.lineSeparator(), plan.out(),
                "24 float32 and 6 bfloat16 values: 96 + 12 bytes");
        assertEquals(Set.of("a.safetensors", "a.json"), names(dir), "a plan writes nothing");
        CliRunner run = init("--like", a.toString(), "--rules", "torch", "--seed", "2", "--out", dir.resolve("b.safetensors").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("total: 30 parameters, 108 B in 2 tensors and 1 file like " + a + ", "), run.out());
    }

    @Test
    void aFolderIsWrittenLikeItsSourceWithItsCopiesAndANewIndex() throws IOException {
        Path src = source();
        Path dst = dir.resolve("dst");
        CliRunner run = init("--like", src.toString(), "--rules", "torch", "--seed", "2", "--out", dst.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("total: 188 parameters, 376 B in 12 tensors and 5 files like " + src + ", "), run.out());
        assertEquals(5, run.err().lines().filter(l -> l.startsWith("init: wrote " + dst.resolve("model-0"))).count(), run.err());
        Set<String> expected = new TreeSet<>(names(src));
        assertEquals(expected, names(dst));
        assertArrayEquals(Files.readAllBytes(src.resolve("tokenizer.json")), Files.readAllBytes(dst.resolve("tokenizer.json")));
        assertArrayEquals(Files.readAllBytes(src.resolve("config.json")), Files.readAllBytes(dst.resolve("config.json")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("tokenizer.json"))));
        Files.setPosixFilePermissions(dst.resolve("tokenizer.json"), PosixFilePermissions.fromString("rw-r--r--"));
        CliRunner again = init("--like", src.toString(), "--rules", "torch", "--seed", "2", "--overwrite", "--out", dst.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dst.resolve("tokenizer.json"))),
                "a copy that replaces a more readable file is still no more readable than its source");
        JsonNode index = JSON.readTree(dst.resolve(FolderCommit.INDEX).toFile());
        JsonNode metadata = index.get("metadata");
        assertEquals("weightinit", metadata.get("generator").asText());
        assertEquals("2", metadata.get("seed").asText());
        assertEquals("1", metadata.get("stream_spec").asText());
        assertEquals(188, metadata.get("total_parameters").asLong());
        assertEquals(376, metadata.get("total_size").asLong());
        assertEquals(5, metadata.size(), "nothing of the source's record is carried over");
        assertEquals(JSON.readTree(src.resolve(FolderCommit.INDEX).toFile()).get("weight_map"), index.get("weight_map"));
    }

    @Test
    void theOutputMayNotBeTheSourceInsideItOrAroundItThroughLinksToo() throws IOException {
        Path src = source();
        Path shard = src.resolve("model-00001-of-00005.safetensors");
        Files.createSymbolicLink(dir.resolve("alias"), src);
        String[][] cases = {
            {src.toString(), src.toString(), "the checkpoint --like reads"},
            {src.toString(), src.resolve("inner").toString(), "inside the checkpoint --like reads"},
            {shard.toString(), src.toString(), "a folder around the checkpoint --like reads"},
            {src.toString(), dir.resolve("alias").resolve("x").toString(), "inside the checkpoint --like reads"},
        };
        for (String[] c : cases) {
            CliRunner run = init("--like", c[0], "--rules", "torch", "--out", c[1]);
            assertEquals(2, run.status(), run.err());
            assertEquals("error: --out " + c[1] + " is " + c[2] + " (" + c[0] + "): write the new checkpoint somewhere else", run.err().strip());
        }
        assertEquals(Set.of("config.json", "model-00001-of-00005.safetensors", "model-00002-of-00005.safetensors",
                "model-00003-of-00005.safetensors", "model-00004-of-00005.safetensors", "model-00005-of-00005.safetensors",
                FolderCommit.INDEX, "tokenizer.json"), names(src), "the source is untouched");
    }

    /** A folder of one unindexed file stays one: no index is made for it (and the summary says "1 file"). */
    @Test
    void aOneFileFolderGetsNoIndex() throws IOException {
        Path config = Files.writeString(dir.resolve("llama.json"), LLAMA);
        Path src = dir.resolve("one");
        assertEquals(0, init("--hf-config", config.toString(), "--seed", "3", "--out", src.toString()).status());
        assertEquals(Set.of("config.json", "model.safetensors"), names(src));
        Path dst = dir.resolve("dst");
        CliRunner run = init("--like", src.toString(), "--rules", "torch", "--seed", "2", "--out", dst.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(Set.of("config.json", "model.safetensors"), names(dst));
        assertTrue(run.out().contains("in 12 tensors and 1 file like " + src + ", "), run.out());
    }

    /**
     * A rules file's initializer keeps its own seed and a rule's dtype replaces the source's; a rule
     * without a seed takes the run's drawn one, which the run prints to repeat it; {@code --seed} wins
     * over every rule's.
     */
    @Test
    void aRulesOwnSeedAndDtypeHoldUnlessSeedIsGiven() throws IOException {
        Path a = InitCli.specFile(dir, "a", 1, "{\"name\": \"own\", \"shape\": [8], \"initializer\": \"zeros\", \"dtype\": \"float32\"},"
                + "{\"name\": \"drawn\", \"shape\": [8], \"initializer\": \"zeros\", \"dtype\": \"float32\"}");
        Path rules = Files.writeString(dir.resolve("rules.json"), "{\"rules\": ["
                + "{\"match\": \"own\", \"initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"seed\": 5}}, \"dtype\": \"bfloat16\"},"
                + "{\"match\": \"drawn\", \"initializer\": \"random_normal\"}]}");

        CliRunner plan = init("--like", a.toString(), "--rules", rules.toString(), "--plan", "--out", dir.resolve("p.safetensors").toString());
        assertEquals(0, plan.status(), plan.err());
        assertTrue(plan.out().contains(String.format(Locale.ROOT, "  %-50s %-22s %-5s ", "own", "(8,)", "BF16")), "the rule's dtype: " + plan.out());
        assertTrue(plan.out().contains(String.format(Locale.ROOT, "  %-50s %-22s %-5s ", "drawn", "(8,)", "F32")), "the source's: " + plan.out());

        Path b = dir.resolve("b.safetensors");
        CliRunner drawn = init("--like", a.toString(), "--rules", rules.toString(), "--out", b.toString());
        assertEquals(0, drawn.status(), drawn.err());
        SafetensorsOnDisk written = SafetensorsOnDisk.read(b);
        long seed = Long.parseLong(written.header().get("__metadata__").get("seed").asText());
        assertArrayEquals(Fills.of(new RandomNormal(0, 0.05, 5), "own", 8, DType.BFLOAT16), written.data("own"), "its own seed 5");
        assertArrayEquals(Fills.of(new RandomNormal(0, 0.05, seed), "drawn", 8, DType.FLOAT32), written.data("drawn"),
                "the run's drawn seed");
        assertTrue(drawn.err().contains("--seed " + seed), "the drawn seed, to repeat the run: " + drawn.err());

        Path c = dir.resolve("c.safetensors");
        CliRunner given = init("--like", a.toString(), "--rules", rules.toString(), "--seed", "9", "--out", c.toString());
        assertEquals(0, given.status(), given.err());
        SafetensorsOnDisk withSeed = SafetensorsOnDisk.read(c);
        assertArrayEquals(Fills.of(new RandomNormal(0, 0.05, 9), "own", 8, DType.BFLOAT16), withSeed.data("own"), "--seed wins");
        assertArrayEquals(Fills.of(new RandomNormal(0, 0.05, 9), "drawn", 8, DType.FLOAT32), withSeed.data("drawn"));
        assertFalse(given.err().contains("--seed"), "a given seed needs no hint: " + given.err());
    }

    /**
     * A layout file of a folder (what {@code weightinit layout} prints: headers, index and config, no
     * data) is written as that folder: its shards, a new index, and the config the layout file holds;
     * it copies nothing else, having no files to copy.
     */
    @Test
    void aFoldersLayoutFileWritesItsShardsIndexAndConfig() throws IOException {
        Path src = source();
        Path layout = Files.writeString(dir.resolve("layout.json"), CheckpointLayout.read(src).toJson());
        CliRunner plan = init("--like", layout.toString(), "--rules", "torch", "--plan", "--out", dir.resolve("p").toString());
        assertEquals(0, plan.status(), plan.err());
        assertTrue(plan.out().endsWith("plan: 12 tensors, 188 parameters, 376 B in 5 files (a folder, with its index and 0 copied files)"
                + System.lineSeparator()), plan.out());
        CliRunner fromFolder = init("--like", src.toString(), "--rules", "torch", "--plan", "--out", dir.resolve("p").toString());
        assertTrue(fromFolder.out().endsWith("(a folder, with its index and 2 copied files)" + System.lineSeparator()),
                "config.json and tokenizer.json: " + fromFolder.out());

        Path dst = dir.resolve("dst");
        CliRunner run = init("--like", layout.toString(), "--rules", "torch", "--seed", "2", "--out", dst.toString());
        assertEquals(0, run.status(), run.err());
        Set<String> expected = new TreeSet<>(names(src));
        expected.remove("tokenizer.json");
        assertEquals(expected, names(dst));
        assertEquals(JSON.readTree(src.resolve("config.json").toFile()), JSON.readTree(dst.resolve("config.json").toFile()));
        assertEquals(JSON.readTree(src.resolve(FolderCommit.INDEX).toFile()).get("weight_map"),
                JSON.readTree(dst.resolve(FolderCommit.INDEX).toFile()).get("weight_map"));
        Path fromSource = dir.resolve("from-source");
        assertEquals(0, init("--like", src.toString(), "--rules", "torch", "--seed", "2", "--out", fromSource.toString()).status());
        for (String shard : names(src)) {
            if (shard.endsWith(".safetensors")) {
                assertArrayEquals(Files.readAllBytes(fromSource.resolve(shard)), Files.readAllBytes(dst.resolve(shard)),
                        shard + ": the layout file makes what the folder it describes makes");
            }
        }
    }

    /**
     * Every file the run writes is checked before anything is written: a folder in the output where
     * a copied file, the index or the layout file's config goes is refused naming it, and nothing
     * is written.
     */
    @Test
    void aFolderWhereTheRunWritesAFileIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path src = source();
        Path layout = Files.writeString(dir.resolve("layout.json"), CheckpointLayout.read(src).toJson());
        String[][] cases = {{src.toString(), "tokenizer.json"}, {src.toString(), FolderCommit.INDEX}, {layout.toString(), "config.json"}};
        for (String[] c : cases) {
            Path dst = Files.createDirectories(dir.resolve("dst-" + c[1]).resolve(c[1])).getParent();
            CliRunner run = init("--like", c[0], "--rules", "torch", "--seed", "2", "--overwrite", "--out", dst.toString());
            assertEquals(2, run.status(), run.err());
            assertEquals("error: " + dst.resolve(c[1]) + " exists and is not a regular file: the model writes a file of that name",
                    run.err().strip());
            assertEquals(Set.of(c[1]), names(dst), "nothing written");
        }
    }

    /** A run that fails after it created the output folder removes the folder (and its lock). */
    @Test
    void aFailedRunRemovesTheFolderItCreated() throws IOException {
        Path src = source();
        Path dst = dir.resolve("dst");
        InitRequest request = like(src, dst, "bogus");
        assertEquals("device 'bogus' is not valid: expected auto, cpu, opencl or opencl:P:D",
                assertThrows(IllegalArgumentException.class, () -> InitRun.run(request, new CapturedRun().output(false))).getMessage());
        assertFalse(Files.exists(dst));

        Path shard = src.resolve("model-00001-of-00005.safetensors");
        Path file = dir.resolve("one.safetensors");
        InitRequest oneFile = like(shard, file, "bogus");
        assertEquals("device 'bogus' is not valid: expected auto, cpu, opencl or opencl:P:D",
                assertThrows(IllegalArgumentException.class, () -> InitRun.run(oneFile, new CapturedRun().output(false))).getMessage(),
                "a file has no folder to remove, and the same error");
        assertFalse(Files.exists(file));
    }

    /** A folder of one shard with an index (as huggingface_hub may write one) keeps its index: a loader looks for it. */
    @Test
    void aOneShardFolderWithAnIndexKeepsItsIndex() throws IOException {
        Path config = Files.writeString(dir.resolve("llama.json"), LLAMA);
        Path src = dir.resolve("one");
        assertEquals(0, init("--hf-config", config.toString(), "--seed", "3", "--out", src.toString()).status());
        Files.move(src.resolve("model.safetensors"), src.resolve("model-00001-of-00001.safetensors"));
        java.util.Map<String, String> weightMap = new java.util.TreeMap<>();
        CheckpointLayout.read(src.resolve("model-00001-of-00001.safetensors")).tensors()
                .forEach(t -> weightMap.put(t.name(), "model-00001-of-00001.safetensors"));
        Files.write(src.resolve(FolderCommit.INDEX), dev.weightinit.io.SafetensorsIndex.of(java.util.Map.of("total_size", 376), weightMap));
        Path dst = dir.resolve("dst");
        CliRunner run = init("--like", src.toString(), "--rules", "torch", "--seed", "2", "--out", dst.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(Set.of("config.json", "model-00001-of-00001.safetensors", FolderCommit.INDEX), names(dst));
        assertEquals(JSON.valueToTree(weightMap), JSON.readTree(dst.resolve(FolderCommit.INDEX).toFile()).get("weight_map"));
    }

    /**
     * The result of a written run, as a Java caller gets it: every file written, the seed given, the
     * time no longer than the call took; the tensor table when asked for, one row per tensor.
     */
    @Test
    void aWrittenRunsResultAndTable() throws IOException {
        Path src = source();
        Path dst = dir.resolve("dst");
        InitRequest request = like(src, dst, "cpu");
        CapturedRun captured = new CapturedRun();
        long started = System.nanoTime();
        InitResult result = InitRun.run(request, captured.output(true));
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertFalse(result.planOnly());
        assertEquals(188, result.parameters());
        assertEquals(376, result.bytes());
        assertEquals(12, result.tensors());
        assertEquals(2L, result.seed());
        assertFalse(result.seedDrawn());
        assertEquals(5, result.files().size());
        assertTrue(result.files().stream().allMatch(InitResult.File::written));
        assertEquals(new InitResult.File("model-00001-of-00005.safetensors", 2, 72, true), result.files().get(0), "embed 40 B and q 32 B");
        assertTrue(result.seconds() > 0 && result.seconds() <= elapsed, result.seconds() + " s of a call of " + elapsed + " s");
        List<String> lines = captured.out().lines().toList();
        assertEquals(14, lines.size(), "a header, 12 rows and the total: " + captured.out());
        assertTrue(lines.get(0).startsWith("tensor "), lines.get(0));
        assertTrue(lines.get(1).startsWith("model.embed_tokens.weight "), lines.get(1));
        assertTrue(lines.get(13).startsWith("total: 188 parameters"), lines.get(13));
    }
}
