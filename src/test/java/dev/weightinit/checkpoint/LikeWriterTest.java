package dev.weightinit.checkpoint;

import static dev.weightinit.checkpoint.InitCli.init;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return new TreeSet<>(entries.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aSingleFilesPlanListsEachTensorsInitializerAndRule() throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{\"tensors\": ["
                + "{\"name\": \"fc.weight\", \"shape\": [6, 4], \"initializer\": \"zeros\", \"dtype\": \"float32\"},"
                + "{\"name\": \"fc.bias\", \"shape\": [6], \"initializer\": \"zeros\", \"dtype\": \"bfloat16\"}]}");
        Path a = dir.resolve("a.safetensors");
        assertEquals(0, init("--spec", spec.toString(), "--seed", "1", "--out", a.toString()).status());
        CliRunner plan = init("--like", a.toString(), "--rules", "torch", "--plan", "--seed", "2", "--out", dir.resolve("b").toString());
        assertEquals(0, plan.status(), plan.err());
        String line = "  %-50s %-22s %-5s %-18s %s%n";
        assertEquals("a.safetensors:" + System.lineSeparator()
                + String.format(Locale.ROOT, line, "fc.weight", "(6, 4)", "F32", "kaiming_uniform_", "torch module default")
                + String.format(Locale.ROOT, line, "fc.bias", "(6,)", "BF16", "uniform_", "torch module default")
                + "plan: 2 tensors, 30 parameters, 108 B in 1 file" + System.lineSeparator(), plan.out(),
                "24 float32 and 6 bfloat16 values: 96 + 12 bytes");
        assertEquals(Set.of("a.safetensors", "spec.json"), names(dir), "a plan writes nothing");
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
}
