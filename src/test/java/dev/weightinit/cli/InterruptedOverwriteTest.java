package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop in the middle of {@code --overwrite} never leaves two models mixed: SIGTERM while the new
 * shards are written leaves the old model whole and says so; SIGKILL leaves partial files that the
 * next run removes; either way the folder holds no lock file afterwards.
 */
class InterruptedOverwriteTest {
    @TempDir
    Path dir;

    private static final String BIG = "{\"model_type\": \"llama\", \"hidden_size\": 1024, \"intermediate_size\": 4096, "
            + "\"num_hidden_layers\": 12, \"num_attention_heads\": 16, \"vocab_size\": 32000, \"torch_dtype\": \"float32\"}";

    /** A child JVM that runs init itself (no restart), so SIGKILL reaches the process that writes. */
    private Process start(Path config, Path out, String seed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WeightInit.class.getName(), "init",
                "--hf-config", config.toString(), "--seed", seed, "--device", "cpu", "--progress", "none", "--max-shard-size", "50MB",
                "--overwrite", "--out", out.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        builder.environment().put(WeightInit.RELAUNCHED, "1");
        return builder.start();
    }

    private static Set<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    private void awaitPartial(Process process, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (names(out).stream().noneMatch(n -> n.endsWith(".partial"))) {
            assertTrue(process.isAlive(), "the run ended before writing: " + Files.readString(dir.resolve("child.log")));
            assertTrue(System.nanoTime() < deadline, "no partial file appeared");
            Thread.sleep(10);
        }
    }

    /** Sends SIGTERM, as kill does, and returns the log once the run has ended with 143. */
    private String terminate(Process process) throws Exception {
        new ProcessBuilder("sh", "-c", "kill -TERM " + process.pid()).start().waitFor();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("child.log"));
        assertEquals(143, process.exitValue(), log);
        return log;
    }

    @Test
    void sigtermDuringOverwriteLeavesTheOldModelWholeAndSaysSo() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), BIG.replace("\"num_hidden_layers\": 12", "\"num_hidden_layers\": 1"));
        Path out = dir.resolve("model");
        assertEquals(0, CliRunner.run("init", "--hf-config", config.toString(), "--seed", "1", "--device", "cpu", "--progress", "none",
                "--max-shard-size", "50MB", "--out", out.toString()).status());
        Set<String> old = names(out);
        Path big = Files.writeString(dir.resolve("big.json"), BIG);
        Process process = start(big, out, "2");
        awaitPartial(process, out);
        String log = terminate(process);
        assertTrue(log.contains("error: stopped by SIGTERM; no output was written; " + out + " is as it was"), log);
        assertEquals(old, names(out), "no partial file, no lock file, nothing of the new model");
        CliRunner verify = CliRunner.run("verify", out.toString(), "--device", "cpu", "--progress", "none");
        assertEquals(0, verify.status(), "the old model is whole: " + verify.out());
    }

    @Test
    void partialsOfAKilledRunAreRemovedByTheNextRun() throws Exception {
        Path big = Files.writeString(dir.resolve("big.json"), BIG);
        Path out = dir.resolve("model");
        Process process = start(big, out, "3");
        awaitPartial(process, out);
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertTrue(names(out).stream().anyMatch(n -> n.endsWith(".partial")), "SIGKILL leaves the partial file");
        assertFalse(names(out).contains("model.safetensors.index.json") || names(out).contains("model.safetensors"),
                "no loadable model: " + names(out));
        Path small = Files.writeString(dir.resolve("small.json"), BIG.replace("\"num_hidden_layers\": 12", "\"num_hidden_layers\": 1"));
        CliRunner next = CliRunner.run("init", "--hf-config", small.toString(), "--seed", "4", "--device", "cpu", "--progress", "none",
                "--max-shard-size", "50MB", "--overwrite", "--out", out.toString());
        assertEquals(0, next.status(), next.err());
        assertTrue(next.err().contains("left by a run that was killed"), next.err());
        assertFalse(names(out).stream().anyMatch(n -> n.startsWith(".")), names(out).toString());
    }

    @Test
    void aStoppedRunIntoANewFolderLeavesNoFolder() throws Exception {
        Path big = Files.writeString(dir.resolve("big.json"), BIG);
        Path out = dir.resolve("new-folder");
        Process process = start(big, out, "5");
        awaitPartial(process, out);
        terminate(process);
        assertFalse(Files.exists(out), "the folder the run made is gone: " + names(out));
    }

    @Test
    void aFailedRunIntoANewFolderLeavesNoFolder() throws IOException {
        Path out = dir.resolve("failed");
        Path config = Files.writeString(dir.resolve("bad-dtype.json"), BIG.replace("\"num_hidden_layers\": 12", "\"num_hidden_layers\": 1"));
        Files.createDirectories(out.getParent());
        // config.json as a folder inside the output is found before anything is written; the folder was made by this run.
        CliRunner run = CliRunner.run("init", "--hf-config", config.toString(), "--seed", "1", "--device", "nonsense", "--out", out.toString());
        assertEquals(2, run.status(), run.err());
        assertFalse(Files.exists(out), "a run refused before writing removes the folder it made");
    }
}
