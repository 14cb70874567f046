package dev.weightinit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.cli.WeightInit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on {@code local[2]} against one host's {@code init --hf-config}: the same folder,
 * byte for byte, also when a task fails once and is retried; an executor-side failure fails the
 * job with one clear line and commits nothing.
 */
class SparkInitTest {
    /** 15 tensors of a 2-layer Llama (transformers' LlamaForCausalLM names), 4 shards at 40 kB. */
    private static final String TINY_LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 64, \"intermediate_size\": 96, "
            + "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"vocab_size\": 50, "
            + "\"initializer_range\": 0.05, \"torch_dtype\": \"bfloat16\"}";

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = Files.writeString(dir.resolve("config.json"), TINY_LLAMA);
        FaultyFileSystem.reset();
        System.setProperty("spark.hadoop.fs.faulty.impl", FaultyFileSystem.class.getName());
        System.setProperty("spark.hadoop.fs.faulty.impl.disable.cache", "true");
        System.setProperty("spark.ui.enabled", "false");
    }

    @AfterEach
    void clear() {
        FaultyFileSystem.reset();
        System.clearProperty("spark.hadoop.fs.faulty.impl");
        System.clearProperty("spark.hadoop.fs.faulty.impl.disable.cache");
        System.clearProperty("spark.ui.enabled");
    }

    private record Run(int status, String out, String err) {
    }

    private static Run spark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SparkInit.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private List<String> options(String out) {
        return List.of("--hf-config", config.toString(), "--out", out, "--seed", "20261201", "--max-shard-size", "40kB",
                "--device", "cpu");
    }

    private Path oneHost() {
        Path folder = dir.resolve("one-host");
        List<String> args = new ArrayList<>(List.of("init"));
        args.addAll(options(folder.toString()));
        StringWriter err = new StringWriter();
        int status = WeightInit.run(args.toArray(String[]::new), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        return folder;
    }

    private Run sparkRun(String master, String out) {
        List<String> args = new ArrayList<>(List.of("--master", master, "init"));
        args.addAll(options(out));
        return spark(args.toArray(String[]::new));
    }

    @Test
    void theFolderIsByteIdenticalToOneHostsInit() throws IOException {
        Path expected = oneHost();
        assertEquals(List.of("config.json", "model-00001-of-00004.safetensors", "model-00002-of-00004.safetensors",
                "model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors", "model.safetensors.index.json"),
                List.copyOf(Folders.files(expected).keySet()), "the plan this test is about: 4 shards");
        Path out = dir.resolve("spark");
        Run run = sparkRun("local[2]", out.toString());
        assertEquals(0, run.status(), run.err());
        Folders.assertSame(expected, out);
        assertTrue(run.err().contains("spark: 4/4 shards"), run.err());
        assertTrue(run.out().contains("seed 20261201"), run.out());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheFolderIsStillByteIdentical() throws IOException {
        Path expected = oneHost();
        FaultyFileSystem.failing = "model-00002-of-00004";
        FaultyFileSystem.failures = 1;
        Path out = dir.resolve("retried");
        Run run = sparkRun("local[2,3]", "faulty://" + out);
        assertEquals(1, FaultyFileSystem.injected.get(), "the first attempt of shard 2 failed mid-write");
        assertEquals(0, run.status(), run.err());
        Folders.assertSame(expected, out);
    }

    @Test
    void aFullDiskOnAnExecutorFailsTheJobAndCommitsNothing() throws IOException {
        FaultyFileSystem.failing = "model-00003-of-00004";
        FaultyFileSystem.failures = -1;
        Path out = dir.resolve("full");
        Run run = sparkRun("local[2,2]", "faulty://" + out);
        assertEquals(1, run.status(), run.err());
        assertTrue(FaultyFileSystem.injected.get() >= 2, "every attempt failed: " + FaultyFileSystem.injected.get());
        List<String> errors = run.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), run.err());
        assertTrue(errors.get(0).contains("model-00003-of-00004.safetensors") && errors.get(0).contains("No space left on device"),
                errors.get(0));
        assertFalse(Files.exists(out), "the folder this run made is removed again: no shard, no staging folder, no partial file");
    }

    @Test
    void anExecutorThatMayNotWriteFailsTheJobWithItsReason() throws IOException {
        FaultyFileSystem.failing = "model-00001-of-00004";
        FaultyFileSystem.failures = -1;
        FaultyFileSystem.reason = "Permission denied";
        Path out = dir.resolve("refused");
        Run run = sparkRun("local[2]", "faulty://" + out);
        assertEquals(1, run.status(), run.err());
        String error = run.err().lines().filter(l -> l.startsWith("error:")).findFirst().orElse(run.err());
        assertTrue(error.contains("model-00001-of-00004.safetensors") && error.contains("Permission denied"), error);
        assertFalse(Files.exists(out), "the folder this run made is removed again");
    }

    @Test
    void anOutputUnderAFileIsRefusedOnTheDriver() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run run = sparkRun("local[2]", file.resolve("model").toString());
        assertEquals(2, run.status(), run.err());
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("error:")).count(), run.err());
        assertTrue(run.err().contains(file.resolve("model").toString()), run.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aNonEmptyFolderIsKeptUnlessOverwriteIsGiven() throws IOException {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Run run = sparkRun("local[2]", out.toString());
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("--overwrite"), run.err());
        assertEquals(List.of("notes.txt"), List.copyOf(Folders.files(out).keySet()));
    }

    @Test
    void theOptionsAreInitsAndItsRefusalsToo() {
        Run spec = spark("--master", "local[2]", "init", "--spec", config.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, spec.status());
        assertTrue(spec.err().startsWith("error: ") && spec.err().contains("--hf-config"), spec.err());
        Run part = spark("init", "--hf-config", config.toString(), "--out", "x", "--part", "1/2");
        assertEquals(2, part.status());
        assertTrue(part.err().contains("--part 1/2"), part.err());
        Run seed = spark("init", "--hf-config", config.toString(), "--out", "x", "--seed", "2^70");
        assertEquals(2, seed.status());
        assertTrue(seed.err().contains("2^70"), seed.err());
        Run help = spark("--help");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().startsWith("usage: [--master URL] init"), help.out());
        assertEquals(0, spark("--master", "local[1]", "init", "--help").status());
        Run command = spark("bench");
        assertEquals(2, command.status());
        assertTrue(command.err().contains("'bench'"), command.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void planPrintsWhatInitPlans() {
        List<String> args = new ArrayList<>(List.of("init", "--plan"));
        args.addAll(options(dir.resolve("p").toString()));
        StringWriter initOut = new StringWriter();
        assertEquals(0, WeightInit.run(args.toArray(String[]::new), new PrintWriter(initOut, true), new PrintWriter(new StringWriter())));
        Run run = spark(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        assertEquals(initOut.toString(), run.out());
        assertTrue(run.out().contains("4 shards"), run.out());
        assertFalse(Files.exists(dir.resolve("p")));
    }

    @Test
    void anUnreachableMasterFailsFastNamingItAndWritesNothing() throws Exception {
        // A child JVM: the context Spark keeps trying to create there for a minute must not meet this JVM's next one.
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk") || a.startsWith("-Dio.netty") || a.startsWith("-XX:+Ignore")
                        || a.startsWith("--add-modules") || a.equals("jdk.incubator.vector")).toList());
        command.addAll(List.of("-D" + ClusterWait.TIMEOUT_PROPERTY + "=5", "-Dspark.ui.enabled=false", "-cp",
                System.getProperty("java.class.path"), SparkInit.class.getName(), "--master", "spark://127.0.0.1:1", "init"));
        command.addAll(options(dir.resolve("never").toString()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("driver.log").toFile()).start();
        boolean ended = process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!ended) {
            process.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("driver.log"));
        assertTrue(ended, log);
        assertEquals(1, process.exitValue(), log);
        List<String> errors = log.lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), log);
        assertTrue(errors.get(0).contains("spark://127.0.0.1:1"), log);
        assertTrue(seconds < 30, "well under a minute: " + seconds + " s");
        assertFalse(Files.exists(dir.resolve("never")), "--out as it was");
    }

    @Test
    void badOutputIsRefusedBeforeSparkStartsAndStagingOfAKilledDriverGoes() throws IOException {
        Path out = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        long started = System.nanoTime();
        Run run = sparkRun("spark://127.0.0.1:1", out.toString());
        assertEquals(2, run.status(), run.err());
        assertTrue((System.nanoTime() - started) / 1e9 < 5, "refused before any Spark context");
        Path left = Files.createDirectories(dir.resolve("left").resolve(FolderJob.STAGING_PREFIX + "app-0").resolve("x"));
        Files.writeString(left.resolve(".model-00001-of-00004.safetensors.attempt-0-1.partial"), "partial");
        Run again = sparkRun("local[2]", dir.resolve("left").toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.err().contains("left by a driver that was killed"), again.err());
        assertEquals(Folders.files(oneHost()).keySet(), Folders.files(dir.resolve("left")).keySet(), "only what one host writes");
    }
}
