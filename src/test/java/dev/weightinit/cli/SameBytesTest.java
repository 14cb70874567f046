package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.opencl.OpenClTestDevices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are a function of the model alone: whole files and whole folders are sha256-identical
 * across devices (the Java fallback and OpenCL), processor counts (a child JVM with one), the
 * config's file name, and {@code --part} against one run; and no file records a device, a thread
 * count, a path or a file name.
 */
class SameBytesTest {
    @TempDir
    Path dir;

    private static final String LLAMA = "{\"model_type\": \"llama\", \"hidden_size\": 64, \"intermediate_size\": 96, "
            + "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"vocab_size\": 50, "
            + "\"initializer_range\": 0.05, \"pad_token_id\": 3, \"torch_dtype\": \"bfloat16\"}";

    private Path folder(String name, String configName, String device, String... more) throws IOException {
        Path config = Files.createDirectories(dir.resolve("configs-" + name)).resolve(configName);
        Files.writeString(config, LLAMA);
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("init", "--hf-config", config.toString(), "--seed", "11", "--max-shard-size",
                "20KB", "--device", device, "--progress", "none", "--out", out.toString()));
        args.addAll(List.of(more));
        CliRunner run = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return out;
    }

    /** sha256 of every file of a folder, by name. */
    static Map<String, String> digests(Path folder) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                digests.put(file.getFileName().toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        return digests;
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void foldersAreTheSameOnEveryDeviceAndUnderEveryConfigName() throws Exception {
        Map<String, String> cpu = digests(folder("cpu", "config.json", "cpu"));
        assertTrue(cpu.size() > 3, "several shards, an index and the config: " + cpu.keySet());
        assertEquals(cpu, digests(folder("renamed", "my-llama-variant.json", "cpu")), "the config's file name");
        OpenClTestDevices.require();
        assertEquals(cpu, digests(folder("opencl", "config.json", "opencl")), "the Java fallback and OpenCL");
    }

    @Test
    void partsWriteTheFolderOneRunWrites() throws Exception {
        Map<String, String> whole = digests(folder("whole", "config.json", "cpu"));
        folder("parts", "config.json", "cpu", "--part", "1/2");
        Path parts = folder("parts", "config.json", "cpu", "--part", "2/2");
        assertEquals(whole, digests(parts));
    }

    @Test
    void oneProcessorWritesWhatTwoWrite() throws Exception {
        Map<String, String> here = digests(folder("here", "config.json", "cpu"));
        Path config = dir.resolve("configs-here").resolve("config.json");
        Path out = dir.resolve("one-processor");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-XX:ActiveProcessorCount=1", "-cp", System.getProperty("java.class.path"),
                WeightInit.class.getName(), "init", "--hf-config", config.toString(), "--seed", "11", "--max-shard-size", "20KB",
                "--device", "cpu", "--progress", "none", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM ends");
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("child.log")));
        assertTrue(Files.readString(dir.resolve("child.log")).contains("(1 thread"), Files.readString(dir.resolve("child.log")));
        assertEquals(here, digests(out));
    }

    @Test
    void noFileRecordsWhereOrHowItRan() throws Exception {
        Path out = folder("plain", "secret-name.json", "cpu");
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.toList()) {
                String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String leak : new String[] {"secret-name", "Java fallback", "threads", "\"device\"", "\"certified\"", "\"source\"",
                    dir.toString()}) {
                    assertFalse(text.contains(leak), file.getFileName() + " records " + leak);
                }
            }
        }
    }
}
