package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output folders that cannot be turned against their user: nothing outside {@code --out} is written
 * or replaced through a name or a link; {@code --like} writes only what it makes and copies only
 * small metadata files, no more readable than their source; {@code --overwrite} leaves exactly the
 * new model; parts of one model must agree and need a seed; options that do not apply are refused;
 * two runs into one folder exclude each other; and a finished folder holds only the model.
 */
class OutputFolderSafetyTest {
    @TempDir
    Path dir;

    private static final String LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 32, \"intermediate_size\": 48, "
            + "\"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"vocab_size\": 40, \"torch_dtype\": \"bfloat16\"}";

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("config-in.json"), LLAMA);
    }

    private static void assertError(CliRunner run, String expected) {
        assertEquals(2, run.status(), run.out() + run.err());
        assertTrue(run.err().startsWith("error: ") && run.err().strip().lines().count() == 1, run.err());
        assertTrue(run.err().contains(expected), run.err());
    }

    private static Set<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private CliRunner hf(Path out, String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("init", "--hf-config", config().toString(), "--seed", "5", "--device", "cpu",
                "--progress", "none", "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void layoutFilesNameOnlyPlainFilesOnce() throws IOException {
        Path outside = Files.writeString(dir.resolve("escaped.safetensors"), "mine");
        String tensor = "{\"name\": \"w\", \"dtype\": \"F32\", \"shape\": [2, 2]}";
        String[][] cases = {
            {"{\"name\": \"../escaped.safetensors\", \"tensors\": [" + tensor + "]}", "is not a plain file name"},
            {"{\"name\": \"" + outside + "\", \"tensors\": [" + tensor + "]}", "is not a plain file name"},
            {"{\"name\": \"a.safetensors\", \"tensors\": [" + tensor + "]}, {\"name\": \"a.safetensors\", \"tensors\": []}",
                "two files are named 'a.safetensors'"}};
        for (String[] bad : cases) {
            Path layout = Files.writeString(dir.resolve("layout.json"), "{\"format\": \"weightinit-layout\", \"version\": 1, "
                    + "\"folder\": true, \"files\": [" + bad[0] + "]}");
            assertError(CliRunner.run("init", "--like", layout.toString(), "--device", "cpu", "--out", dir.resolve("out").toString()), bad[1]);
        }
        Path several = Files.writeString(dir.resolve("several.json"), "{\"format\": \"weightinit-layout\", \"version\": 1, "
                + "\"folder\": false, \"files\": [{\"name\": \"a.safetensors\", \"tensors\": [" + tensor + "]}, "
                + "{\"name\": \"b.safetensors\", \"tensors\": []}]}");
        assertError(CliRunner.run("init", "--like", several.toString(), "--device", "cpu", "--out", dir.resolve("o.safetensors").toString()),
                "\"folder\": false and 2 files");
        assertEquals("mine", Files.readString(outside));
        assertFalse(Files.exists(dir.resolve("out")) && !names(dir.resolve("out")).isEmpty());
    }

    @Test
    void linksPlantedInTheFolderAreReplacedNotFollowed() throws IOException {
        Path out = dir.resolve("model");
        assertEquals(0, hf(out).status());
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Files.delete(out.resolve("config.json"));
        Files.createSymbolicLink(out.resolve("config.json"), victim);
        String shard = "model.safetensors";
        Files.delete(out.resolve(shard));
        Files.createSymbolicLink(out.resolve(shard), victim);
        CliRunner again = hf(out, "--overwrite");
        assertEquals(0, again.status(), again.err());
        assertEquals("precious", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(out.resolve("config.json")) || Files.isSymbolicLink(out.resolve(shard)));
        assertEquals(LLAMA, Files.readString(out.resolve("config.json")));
        assertEquals(0, CliRunner.run("verify", out.toString(), "--device", "cpu", "--progress", "none").status());
    }

    @Test
    void likeWritesOnlyWhatItMakesAndCopiesOnlyMetadata() throws IOException {
        Path source = dir.resolve("source");
        assertEquals(0, hf(source).status());
        Files.writeString(source.resolve("pytorch_model.bin"), "trained weights");
        Path secret = Files.writeString(dir.resolve("secret.json"), "{\"token\": \"s3cret\"}");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(source.resolve("tokenizer.json"), secret);
        Files.writeString(source.resolve("notes.txt"), "not the model's");
        Path out = dir.resolve("fresh");
        CliRunner run = CliRunner.run("init", "--like", source.toString(), "--seed", "1", "--device", "cpu", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        Set<String> written = names(out);
        assertFalse(written.contains("pytorch_model.bin") || written.contains("notes.txt"), written.toString());
        assertTrue(written.contains("tokenizer.json") && written.contains("config.json"), written.toString());
        assertFalse(Files.isSymbolicLink(out.resolve("tokenizer.json")));
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(out.resolve("tokenizer.json"));
        assertTrue(PosixFilePermissions.fromString("rw-------").containsAll(permissions), "no more readable than the source: " + permissions);
        // An index that names something other than a safetensors shard is an error naming it, never a copy.
        Path odd = dir.resolve("odd");
        Files.createDirectories(odd);
        Files.writeString(odd.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"w\": \"pytorch_model.bin\"}}");
        Files.writeString(odd.resolve("pytorch_model.bin"), "trained");
        assertError(CliRunner.run("init", "--like", odd.toString(), "--device", "cpu", "--out", dir.resolve("odd-out").toString()),
                "pytorch_model.bin, which is not a .safetensors file");
        // --out the checkpoint read, inside it, or around it.
        assertError(CliRunner.run("init", "--like", source.toString(), "--device", "cpu", "--overwrite", "--out", source.toString()),
                "is the checkpoint --like reads");
        assertError(CliRunner.run("init", "--like", source.toString(), "--device", "cpu", "--out", source.resolve("sub").toString()),
                "inside the checkpoint");
        assertError(CliRunner.run("init", "--like", source.toString(), "--device", "cpu", "--overwrite", "--out", dir.toString()),
                "around the checkpoint");
    }

    @Test
    void overwriteLeavesExactlyTheNewModel() throws IOException {
        Path out = dir.resolve("model");
        assertEquals(0, hf(out, "--max-shard-size", "100MB").status());
        assertTrue(names(out).contains("model.safetensors"));
        Files.writeString(out.resolve("README.md"), "my notes");
        CliRunner sharded = hf(out, "--overwrite", "--max-shard-size", "4KB");
        assertEquals(0, sharded.status(), sharded.err());
        Set<String> after = names(out);
        assertFalse(after.contains("model.safetensors"), "the old one-file model is gone: " + after);
        assertTrue(after.contains("model.safetensors.index.json") && after.contains("README.md"), after.toString());
        CliRunner single = hf(out, "--overwrite", "--max-shard-size", "100MB");
        assertEquals(0, single.status(), single.err());
        assertEquals(Set.of("README.md", "config.json", "model.safetensors"), names(out), "no index, no old shard, no dot-file");
        Files.writeString(out.resolve("pytorch_model.bin"), "old weights");
        assertError(CliRunner.run("init", "--hf-config", config().toString(), "--seed", "5", "--part", "1/2", "--device", "cpu",
                "--out", out.toString()), "holds weights of another format (pytorch_model.bin)");
        CliRunner replaced = hf(out, "--overwrite", "--max-shard-size", "100MB");
        assertEquals(0, replaced.status(), replaced.err());
        assertTrue(replaced.err().contains("removed " + out.resolve("pytorch_model.bin")), replaced.err());
        assertFalse(Files.exists(out.resolve("pytorch_model.bin")));
    }

    @Test
    void partsAgreeOrAreRefusedByTheFieldThatDiffers() throws IOException {
        Path out = dir.resolve("parts");
        assertError(CliRunner.run("init", "--hf-config", config().toString(), "--part", "1/2", "--device", "cpu", "--out", out.toString()),
                "every part must draw the same model: give --seed");
        assertEquals(0, hf(out, "--part", "1/2", "--max-shard-size", "4KB").status());
        assertError(hf(out, "--part", "2/2", "--max-shard-size", "5KB"), "max_shard_size is 4000, this part's is 5000");
        assertError(CliRunner.run("init", "--hf-config", config().toString(), "--seed", "6", "--part", "2/2", "--max-shard-size", "4KB",
                "--device", "cpu", "--out", out.toString()), "seed is 5, this part's is 6");
        assertEquals(0, hf(out, "--part", "2/2", "--max-shard-size", "4KB").status());
        assertFalse(names(out).stream().anyMatch(n -> n.startsWith(".")), "no lock, staging or partial file: " + names(out));
        assertEquals(0, CliRunner.run("verify", out.toString(), "--device", "cpu", "--progress", "none").status());
    }

    @Test
    void optionsThatDoNotApplyAreRefusedAndPlanWritesNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("m.safetensors"), "keep me");
        CliRunner plan = CliRunner.run("init", "--preset", "mlp-small", "--plan", "--out", file.toString());
        assertEquals(0, plan.status(), plan.err());
        assertTrue(plan.out().contains("plan: 6 tensors"), plan.out());
        assertEquals("keep me", Files.readString(file), "--plan writes nothing");
        assertError(CliRunner.run("init", "--preset", "mlp-small", "--rules", "torch", "--out", file.toString()), "--rules does not apply");
        assertError(CliRunner.run("init", "--preset", "mlp-small", "--max-shard-size", "1GB", "--out", file.toString()),
                "--max-shard-size does not apply to --preset mlp-small: it writes one file");
        assertError(CliRunner.run("init", "--preset", "mlp-small", "--overwrite", "--out", file.toString()), "--overwrite does not apply");
        assertError(CliRunner.run("init", "--preset", "mlp-small", "--seed", "1", "--part", "1/2", "--out", file.toString()),
                "--part does not apply");
        Path source = dir.resolve("source");
        assertEquals(0, hf(source).status());
        assertError(CliRunner.run("init", "--like", source.toString(), "--dtype", "float32", "--out", dir.resolve("x").toString()),
                "--dtype does not apply to --like of a folder");
        // --hf-config takes hf (its default) and torchtitan; any other rule set is refused by name
        assertError(CliRunner.run("init", "--hf-config", config().toString(), "--rules", "torch", "--plan", "--out", "x"),
                "--rules torch does not apply to --hf-config");
        assertEquals(0, CliRunner.run("init", "--hf-config", config().toString(), "--rules", "hf", "--plan", "--out", "x").status());
        assertError(CliRunner.run("init", "--preset", "mlp-small", "--out", ""), "--out is empty");
        assertEquals("keep me", Files.readString(file));
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void twoRunsIntoOneFolderExcludeEachOther() throws Exception {
        Path big = Files.writeString(dir.resolve("big.json"), "{\"model_type\": \"llama\", \"hidden_size\": 1024, \"intermediate_size\": "
                + "4096, \"num_hidden_layers\": 12, \"num_attention_heads\": 16, \"vocab_size\": 32000, \"torch_dtype\": \"float32\"}");
        Path out = dir.resolve("busy");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process first = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WeightInit.class.getName(), "init",
                "--hf-config", big.toString(), "--seed", "1", "--device", "cpu", "--progress", "none", "--max-shard-size", "50MB",
                "--out", out.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(out.resolve(".weightinit.lock")) && System.nanoTime() < deadline) {
                assertTrue(first.isAlive(), Files.readString(dir.resolve("first.log")));
                Thread.sleep(20);
            }
            assertTrue(first.isAlive(), "the first run still writes");
            CliRunner second = CliRunner.run("init", "--hf-config", big.toString(), "--seed", "2", "--device", "cpu", "--overwrite",
                    "--max-shard-size", "50MB", "--out", out.toString());
            assertError(second, "is being written by another weightinit run");
        } finally {
            assertTrue(first.waitFor(300, TimeUnit.SECONDS), "the first run ends");
        }
        assertEquals(0, first.exitValue(), Files.readString(dir.resolve("first.log")));
        assertFalse(names(out).stream().anyMatch(n -> n.startsWith(".")), names(out).toString());
    }
}
