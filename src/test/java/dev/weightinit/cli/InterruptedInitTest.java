package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An init interrupted while it writes (SIGTERM, as kill sends; SIGINT, as Ctrl-C sends) leaves no
 * file under the final name and no temporary file, also through the self-restart with libjsig.
 */
class InterruptedInitTest {
    @TempDir
    Path dir;

    private Process start(boolean throughRelaunch) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WeightInit.class.getName(), "init", "--preset", "llama-7b", "--dtype", "bfloat16", "--seed", "1",
                "--device", "cpu", "--progress", "none", "--out", dir.resolve("llama.safetensors").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        if (throughRelaunch) {
            builder.environment().remove("LD_PRELOAD");
            builder.environment().remove(WeightInit.RELAUNCHED);
        }
        return builder.start();
    }

    private boolean partialExists() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".partial"));
        }
    }

    private void interruptWhileWriting(boolean throughRelaunch, String signal) throws Exception {
        Process process = start(throughRelaunch);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!partialExists()) {
            assertTrue(process.isAlive(), "init ended before writing: " + Files.readString(dir.resolve("log.txt")));
            assertTrue(System.nanoTime() < deadline, "no partial file appeared");
            Thread.sleep(20);
        }
        Thread.sleep(300); // well into the data
        // The shell's built-in kill: /bin/kill (procps) is not on every minimal Debian.
        new ProcessBuilder("sh", "-c", "kill -" + signal + " " + process.pid()).start().waitFor();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "init did not stop after SIG" + signal);
        int number = switch (signal) {
            case "HUP" -> 1;
            case "INT" -> 2;
            default -> 15;
        };
        assertEquals(128 + number, process.exitValue(), "exit status 128 + SIG" + signal);
        List<String> log = Files.readAllLines(dir.resolve("log.txt"));
        assertEquals(List.of("error: stopped by SIG" + signal + "; no output was written"), log, "one clean line");
        assertFalse(Files.exists(dir.resolve("llama.safetensors")), "no file under the final name");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("log.txt")), files.toList(), "no temporary file left after SIG" + signal);
        }
    }

    @Test
    void sigtermLeavesNoFile() throws Exception {
        interruptWhileWriting(false, "TERM");
    }

    @Test
    void sigintLeavesNoFile() throws Exception {
        interruptWhileWriting(false, "INT");
    }

    @Test
    void sigtermToTheRelaunchingParentLeavesNoFile() throws Exception {
        interruptWhileWriting(true, "TERM");
    }

    @Test
    void sighupLeavesNoFileAndOneLine() throws Exception {
        interruptWhileWriting(false, "HUP");
    }

    @Test
    void sigintToTheRelaunchingParentIsForwarded() throws Exception {
        interruptWhileWriting(true, "INT");
    }

    /** kill -9 of the launcher: the restarted worker stops too, and no file appears under the final name. */
    @Test
    void theWorkerDiesWithAKilledLauncher() throws Exception {
        Process process = start(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!partialExists()) {
            assertTrue(process.isAlive(), "init ended before writing: " + Files.readString(dir.resolve("log.txt")));
            assertTrue(System.nanoTime() < deadline, "no partial file appeared");
            Thread.sleep(20);
        }
        List<ProcessHandle> workers = process.toHandle().children().toList();
        assertEquals(1, workers.size(), "the launcher restarted itself once");
        new ProcessBuilder("sh", "-c", "kill -KILL " + process.pid()).start().waitFor();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        ProcessHandle worker = workers.get(0);
        worker.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(worker.isAlive(), "the worker stopped with its launcher");
        Thread.sleep(500);
        assertFalse(Files.exists(dir.resolve("llama.safetensors")), "no file under the final name");
        assertFalse(partialExists(), "no temporary file left");
    }
}
