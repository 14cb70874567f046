package dev.weightinit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.cli.WeightInit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real multi-process standalone cluster on this machine: a master and two workers
 * started from Spark's own classes ({@code deploy.master.Master}, {@code deploy.worker.Worker}),
 * executors they launch, and a driver in its own JVM, as spark-submit would run it. The folder is
 * byte-identical to one host's; an executor killed mid-job changes nothing; a driver stopped mid-job
 * leaves no staging folder and one {@code error:} line.
 */
@Tag("slow")
class StandaloneClusterTest {
    @TempDir
    static Path dir;

    private static final List<Process> CLUSTER = new ArrayList<>();
    private static String master;

    /** Eight layers of a Llama: 33 tensors, 10 MB shards, about 4 s of work per host. */
    private static final String CONFIG = "{\"model_type\": \"llama\", \"hidden_size\": 512, \"intermediate_size\": 1536, "
            + "\"num_hidden_layers\": 8, \"num_attention_heads\": 8, \"vocab_size\": 32000, \"torch_dtype\": \"float32\"}";

    private static List<String> jvm() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk") || a.startsWith("-Dio.netty") || a.startsWith("-XX:+Ignore")
                        || a.startsWith("--add-modules") || a.equals("jdk.incubator.vector")).toList());
        command.add("-Xmx512m");
        return command;
    }

    private static Process start(String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = jvm();
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void await(String log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(dir.resolve(log)) || !Files.readString(dir.resolve(log)).contains(text)) {
            assertTrue(System.nanoTime() < deadline, log + " never said '" + text + "': "
                    + (Files.exists(dir.resolve(log)) ? Files.readString(dir.resolve(log)) : "(no log)"));
            Thread.sleep(100);
        }
    }

    /** Polls the master's JSON status page until it counts {@code workers} alive workers. */
    private static void awaitWorkers(int ui, int workers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try (java.io.InputStream in = new java.net.URL("http://127.0.0.1:" + ui + "/json/").openStream()) {
                com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
                if (status.path("aliveworkers").asInt() >= workers) {
                    return;
                }
            } catch (IOException notYet) {
                // the master is still starting
            }
            assertTrue(System.nanoTime() < deadline, "the cluster did not start: " + Files.readString(dir.resolve("master.log")));
            Thread.sleep(200);
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        // A Spark home as a release lays it out (RELEASE, jars/): the workers build executor command lines from it; the jars
        // themselves come from spark.executor.extraClassPath, the test's own classpath.
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home").resolve("jars")).getParent();
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark 4.2.0 (as Maven resolves it)\n");
        Files.writeString(dir.resolve("config.json"), CONFIG);
        int port = freePort();
        int ui = freePort();
        master = "spark://127.0.0.1:" + port;
        CLUSTER.add(start("master", Map.of(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(ui)));
        for (int w = 1; w <= 2; w++) {
            CLUSTER.add(start("worker" + w, Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"),
                    "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", Files.createDirectories(dir.resolve("work" + w)).toString(), master));
        }
        awaitWorkers(ui, 2);
    }

    @AfterAll
    static void stopCluster() {
        CLUSTER.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        CLUSTER.forEach(Process::destroyForcibly);
    }

    private Process driver(String name, Path out) throws IOException {
        return start(name, Map.of(), "-Dspark.executor.extraClassPath=" + System.getProperty("java.class.path"),
                "-Dspark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector", "-Dspark.driver.host=127.0.0.1",
                "-Dspark.ui.enabled=false", "-D" + ClusterWait.TIMEOUT_PROPERTY + "=60",
                SparkInit.class.getName(), "--master", master, "init", "--hf-config", dir.resolve("config.json").toString(),
                "--out", out.toString(), "--seed", "7", "--max-shard-size", "10MB", "--device", "cpu");
    }

    private static Path oneHost() {
        Path folder = dir.resolve("one-host");
        if (!Files.exists(folder)) {
            StringWriter err = new StringWriter();
            assertEquals(0, WeightInit.run(new String[] {"init", "--hf-config", dir.resolve("config.json").toString(), "--out",
                folder.toString(), "--seed", "7", "--max-shard-size", "10MB", "--device", "cpu", "--progress", "none"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        }
        return folder;
    }

    @Test
    void theClusterWritesOneHostsFolderEvenWhenAnExecutorIsKilled() throws Exception {
        Path out = dir.resolve("cluster");
        Process driver = driver("driver", out);
        // Kill one executor (the JVM a worker launched) once shards are being written.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean killed = false;
        while (driver.isAlive() && !killed && System.nanoTime() < deadline) {
            List<ProcessHandle> executors = CLUSTER.get(1).descendants().filter(h -> h.info().commandLine().orElse("")
                    .contains("CoarseGrainedExecutorBackend")).toList();
            if (!executors.isEmpty() && Files.exists(out) && Files.list(out).findAny().isPresent()) {
                executors.get(0).destroyForcibly();
                killed = true;
            }
            Thread.sleep(50);
        }
        assertTrue(driver.waitFor(300, TimeUnit.SECONDS), Files.readString(dir.resolve("driver.log")));
        assertEquals(0, driver.exitValue(), Files.readString(dir.resolve("driver.log")));
        Folders.assertSame(oneHost(), out);
    }

    @Test
    void aDriverStoppedMidJobLeavesNoStagingAndSaysSo() throws Exception {
        Path out = dir.resolve("stopped");
        Process driver = driver("stopped-driver", out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.isDirectory(out) && Files.list(out).anyMatch(p -> p.getFileName().toString().startsWith(FolderJob.STAGING_PREFIX)))) {
            assertTrue(driver.isAlive() && System.nanoTime() < deadline, Files.readString(dir.resolve("stopped-driver.log")));
            Thread.sleep(20);
        }
        new ProcessBuilder("sh", "-c", "kill -TERM " + driver.pid()).start().waitFor();
        assertTrue(driver.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("stopped-driver.log"));
        assertTrue(driver.exitValue() != 0, log);
        assertTrue(log.contains("error: the driver was stopped"), log);
        assertFalse(Files.exists(out), "no staging folder, and the folder the run made is removed again: " + log);
    }

    /** Wall seconds of one child JVM, from its start to its exit (which must be 0). */
    private static double timed(String name, List<String> args) throws Exception {
        List<String> command = jvm();
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long started = System.nanoTime();
        Process process = builder.start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), name);
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve(name + ".log")));
        return (System.nanoTime() - started) / 1e9;
    }

    /** One host, local[2] and the cluster in the same run, each as its own JVM: printed for benchmarks/RESULTS.md. */
    @Test
    void timingsOfOneHostLocalAndTheCluster() throws Exception {
        List<String> init = List.of("init", "--hf-config", dir.resolve("config.json").toString(), "--seed", "7", "--max-shard-size", "10MB",
                "--device", "cpu");
        List<String> oneHost = new ArrayList<>(List.of(WeightInit.class.getName()));
        oneHost.addAll(init);
        oneHost.addAll(List.of("--progress", "none", "--no-summary", "--out", dir.resolve("t-one").toString()));
        List<String> local = new ArrayList<>(List.of("-Dspark.ui.enabled=false", SparkInit.class.getName(), "--master", "local[2]"));
        local.addAll(init);
        local.addAll(List.of("--out", dir.resolve("t-local").toString()));
        List<String> cluster = new ArrayList<>(List.of("-Dspark.executor.extraClassPath=" + System.getProperty("java.class.path"),
                "-Dspark.driver.host=127.0.0.1", "-Dspark.ui.enabled=false", SparkInit.class.getName(), "--master", master));
        cluster.addAll(init);
        cluster.addAll(List.of("--out", dir.resolve("t-cluster").toString()));
        double one = timed("t-one", oneHost);
        double two = timed("t-local", local);
        double three = timed("t-cluster", cluster);
        System.out.printf(java.util.Locale.ROOT, "timing: one host %.1f s, local[2] %.1f s, standalone cluster (2 workers x 1 core) %.1f s%n",
                one, two, three);
        Folders.assertSame(dir.resolve("t-one"), dir.resolve("t-local"));
        Folders.assertSame(dir.resolve("t-one"), dir.resolve("t-cluster"));
    }
}
