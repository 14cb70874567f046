package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weightinit verify}: a folder, a file or a {@code .npy} that is what its seed makes exits 0;
 * one flipped bit exits 1 naming the tensor and its first differing element, hand-computed from the
 * byte flipped; a missing shard exits 1 naming it; files without a weightinit record exit 2.
 */
class VerifyCommandTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 32, \"intermediate_size\": 48, "
            + "\"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"vocab_size\": 40, \"torch_dtype\": \"bfloat16\"}";

    private Path hfFolder(String name, String... more) throws IOException {
        Path config = Files.writeString(dir.resolve(name + ".json"), LLAMA);
        List<String> args = new java.util.ArrayList<>(List.of("init", "--hf-config", config.toString(), "--seed", "3",
                "--max-shard-size", "4KB", "--device", "cpu", "--progress", "none", "--out", dir.resolve(name).toString()));
        args.addAll(List.of(more));
        CliRunner run = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return dir.resolve(name);
    }

    /** The folder's shards, in order. */
    private static List<Path> shards(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith("model-")).sorted().toList();
        }
    }

    private static CliRunner verify(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "verify";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--progress";
        all[args.length + 2] = "none";
        return CliRunner.run(all);
    }

    /** The data start of a safetensors file: 8 + its header's length. */
    private static long dataStart(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(length, 0);
            return 8 + length.flip().getLong();
        }
    }

    private static void flipBit(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x10));
            channel.write(one.rewind(), position);
        }
    }

    @Test
    void aFolderAsWrittenIsEqualOnEveryDevice() throws IOException {
        Path folder = hfFolder("model");
        CliRunner cpu = verify(folder.toString(), "--device", "cpu");
        assertEquals(0, cpu.status(), cpu.out() + cpu.err());
        assertTrue(cpu.out().startsWith("verify: equal: 12 tensors in " + shards(folder).size() + " files"), cpu.out());
        CliRunner auto = verify(folder.toString());
        assertEquals(0, auto.status(), auto.out() + auto.err());
        CliRunner shard = verify(shards(folder).get(0).toString(), "--device", "cpu");
        assertEquals(0, shard.status(), shard.out() + shard.err());
    }

    @Test
    void oneFlippedBitIsNamedByTensorAndElement() throws Exception {
        Path folder = hfFolder("model");
        Path first = shards(folder).get(0);
        // The first shard holds model.embed_tokens.weight (40 x 32 bfloat16) first: byte 2 * 77 + 1 is element 77's high byte.
        flipBit(first, dataStart(first) + 2 * 77 + 1);
        CliRunner run = verify(folder.toString(), "--device", "cpu", "--json");
        assertEquals(1, run.status(), run.out() + run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(false, result.get("equal").asBoolean());
        assertEquals(1, result.get("differences").size());
        JsonNode difference = result.get("differences").get(0);
        assertEquals("model.embed_tokens.weight", difference.get("tensor").asText());
        assertEquals(77, difference.get("element").asLong());
        int expected = Integer.parseInt(difference.get("expected").asText().substring(2), 16);
        int found = Integer.parseInt(difference.get("found").asText().substring(2), 16);
        assertEquals(expected ^ 0x1000, found, "the found bits are the expected ones with bit 12 flipped");
        CliRunner text = verify(folder.toString(), "--device", "cpu");
        assertTrue(text.out().contains("DIFFERS " + first + ": model.embed_tokens.weight at element 77: expected "), text.out());
    }

    @Test
    void aMissingShardIsNamed() throws IOException {
        Path folder = hfFolder("model");
        Path third = shards(folder).get(2);
        Files.delete(third);
        CliRunner run = verify(folder.toString(), "--device", "cpu");
        assertEquals(1, run.status());
        assertTrue(run.out().contains("MISSING " + third.getFileName()), run.out());
    }

    @Test
    void partsLikeOutputsSpecFilesAndNpyFilesVerify() throws IOException {
        Path parts = hfFolder("parts", "--part", "1/2");
        hfFolder("parts", "--part", "2/2");
        assertEquals(0, verify(parts.toString(), "--device", "cpu").status());
        Path like = dir.resolve("like");
        assertEquals(0, CliRunner.run("init", "--like", parts.toString(), "--rules", "torch", "--seed", "9", "--device", "cpu",
                "--out", like.toString()).status());
        assertEquals(0, verify(like.toString(), "--device", "cpu").status());
        Path spec = dir.resolve("mlp.safetensors");
        assertEquals(0, CliRunner.run("init", "--preset", "mlp-small", "--seed", "2", "--device", "cpu", "--progress", "none",
                "--out", spec.toString()).status());
        assertEquals(0, verify(spec.toString(), "--device", "cpu").status());
        Path npy = dir.resolve("slice.npy");
        CliRunner generate = CliRunner.run("generate", "--initializer", "orthogonal", "--shape", "12,20", "--offset", "7", "--count",
                "50", "--dtype", "bfloat16", "--device", "cpu", "--out", npy.toString());
        assertEquals(0, generate.status(), generate.err());
        assertTrue(Files.isRegularFile(dir.resolve("slice.npy.json")), "generate writes the record beside the file");
        CliRunner npyRun = verify(npy.toString(), "--device", "cpu");
        assertEquals(0, npyRun.status(), npyRun.out() + npyRun.err());
        flipBit(npy, Files.size(npy) - 1);
        assertEquals(1, verify(npy.toString(), "--device", "cpu").status());
    }

    @Test
    void sampledVerificationPrintsItsSeedAndReadsLess() throws Exception {
        Path folder = hfFolder("model");
        CliRunner run = verify(folder.toString(), "--device", "cpu", "--sample", "0.5", "--sample-seed", "42", "--json");
        assertEquals(0, run.status(), run.out() + run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals("42", result.get("sample_seed").asText());
        assertTrue(result.get("bytes_compared").asLong() > 0);
    }

    @Test
    void filesWithoutARecordOrOfAnotherKindAreBadInput() throws IOException {
        Path folder = hfFolder("model");
        Path shard = shards(folder).get(0);
        byte[] bytes = Files.readAllBytes(shard);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\"generator\":\"weightinit\"",
                "\"generator\":\"weightinix\"");
        Path foreign = Files.write(dir.resolve("foreign.safetensors"), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        for (String[] bad : new String[][] {{foreign.toString()}, {dir.resolve("nothing-here").toString()},
            {Files.writeString(dir.resolve("notes.txt"), "x").toString()}, {folder.toString(), "--sample", "0"},
            {folder.toString(), "--sample", "1.5"}}) {
            CliRunner run = verify(bad);
            assertEquals(2, run.status(), String.join(" ", bad) + ": " + run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().strip().lines().count() == 1, run.err());
        }
        assertTrue(verify(foreign.toString()).err().contains("not written by weightinit"));
        Path npy = dir.resolve("bare.npy");
        assertEquals(0, CliRunner.run("generate", "--initializer", "zeros", "--shape", "4", "--device", "cpu", "--out", npy.toString())
                .status());
        Files.delete(dir.resolve("bare.npy.json"));
        CliRunner bare = verify(npy.toString());
        assertEquals(2, bare.status());
        assertTrue(bare.err().contains("not written by weightinit"), bare.err());
    }
}
