package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.DeviceBuffer;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.keras.Initializers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that never hang, wrap or crash: numbers past 64 bits and products past 2^63 - 1, absurd
 * layer counts, FIFOs given as inputs, loose JSON, unit-less fractional sizes, one-size bench
 * reports, markup in merged reports, read-only destinations and closed backends in the Java API,
 * and configs that contain themselves. Risky cases run in a child JVM with a timeout.
 */
class HostileInputsTest {
    @TempDir
    Path dir;

    private static final String LLAMA = "\"hidden_size\": 16, \"intermediate_size\": 32, \"num_hidden_layers\": 1, "
            + "\"num_attention_heads\": 2, \"vocab_size\": 20";

    private Path config(String json) throws IOException {
        return Files.writeString(dir.resolve("c" + Math.abs(json.hashCode()) + ".json"), json);
    }

    private static void assertError(CliRunner run, String expected) {
        assertEquals(2, run.status(), run.out() + run.err());
        assertTrue(run.err().startsWith("error: ") && run.err().strip().lines().count() == 1, run.err());
        assertTrue(run.err().contains(expected), run.err());
    }

    private CliRunner plan(String json) throws IOException {
        return CliRunner.run("init", "--hf-config", config(json).toString(), "--plan", "--out", dir.resolve("o").toString());
    }

    @Test
    void numbersNeverWrap() throws IOException {
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA.replace("\"vocab_size\": 20", "\"vocab_size\": 18446744073709551872") + "}"),
                "config field vocab_size is 18446744073709551872: expected a positive integer of at most 2^63 - 1");
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA.replace("\"num_attention_heads\": 2", "\"num_attention_heads\": 4611686018427387904")
                + "}"), "num_attention_heads is 4611686018427387904: expected at most hidden_size (16)");
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA.replace("\"vocab_size\": 20", "\"vocab_size\": 4611686018427387904")
                .replace("\"hidden_size\": 16", "\"hidden_size\": 1024") + "}"), "2^63 - 1");
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA.replace("\"vocab_size\": 20", "\"vocab_size\": 2305843009213693952") + "}"),
                "2^63 - 1");
    }

    @Test
    void looseJsonAndSizesAreRefusedByName() throws IOException {
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA + "} {\"more\": 1}"), "is not valid JSON");
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA + ", \"tie_word_embeddings\": \"false\"}"),
                "config field tie_word_embeddings is \"false\": expected true or false");
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA.replace("\"vocab_size\": 20", "\"vocab_size\": 20.0") + "}"),
                "config field vocab_size is 20.0");
        assertError(plan("{\"model_type\": \"llama\", " + LLAMA + ", \"pad_token_id\": \"3\"}"), "config field pad_token_id is \"3\"");
        assertError(CliRunner.run("init", "--hf-config", config("{\"model_type\": \"llama\", " + LLAMA + "}").toString(), "--plan",
                "--max-shard-size", "1.5", "--out", "x"), "a size without a unit is a whole number of bytes");
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        for (byte[] bad : new byte[][] {(header + " {}").getBytes(StandardCharsets.UTF_8),
            header.replace("\"w\"", "\"w\u00ff\"").getBytes(StandardCharsets.ISO_8859_1)}) {
            ByteBuffer file = ByteBuffer.allocate(8 + bad.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            file.putLong(bad.length).put(bad).putFloat(1f);
            Path st = Files.write(dir.resolve("bad.safetensors"), file.array());
            CliRunner run = CliRunner.run("init", "--like", st.toString(), "--plan", "--out", dir.resolve("o.safetensors").toString());
            assertEquals(2, run.status(), run.err());
        }
    }

    @Test
    void hostileConfigsAndFifosAreRefusedAtOnceEvenOnASmallHeap() throws Exception {
        Path layers = config("{\"model_type\": \"llama\", " + LLAMA.replace("\"num_hidden_layers\": 1", "\"num_hidden_layers\": 1000000000") + "}");
        Path fifo = dir.resolve("fifo.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        for (List<String> args : List.of(List.of("--hf-config", layers.toString(), "--plan"), List.of("--like", fifo.toString()),
                List.of("--spec", fifo.toString()), List.of("--hf-config", fifo.toString()))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                    WeightInit.class.getName(), "init"));
            command.addAll(args);
            command.addAll(List.of("--device", "cpu", "--out", dir.resolve("out").toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
            builder.environment().put(WeightInit.RELAUNCHED, "1");
            long started = System.nanoTime();
            Process process = builder.start();
            boolean ended = process.waitFor(30, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("child.log"));
            assertTrue(ended, args + " hung: " + log);
            assertEquals(2, process.exitValue(), args + ": " + log);
            assertTrue(log.strip().startsWith("error: ") && log.strip().lines().count() == 1, args + ": " + log);
            assertTrue((System.nanoTime() - started) / 1e9 < 20, args + " took " + (System.nanoTime() - started) / 1e9 + " s");
        }
        assertTrue(Files.readString(dir.resolve("child.log")).contains("fifo.json"), "the error names the FIFO");
    }

    @Test
    void oneSizeBenchReportsAndMarkupInMergedReports() throws IOException {
        Path report = dir.resolve("report");
        CliRunner bench = CliRunner.run("bench", "--device", "cpu", "--sizes", "4096", "--dtype", "float32", "--distributions", "normal",
                "--repeats", "1", "--warmup", "0", "--budget", "0", "--report", report.toString());
        assertEquals(0, bench.status(), bench.err());
        for (String file : new String[] {"bench.json", "bench.csv", "bench.png", "bench-sizes.png", "bench.html"}) {
            assertTrue(Files.size(report.resolve(file)) > 0, file);
        }
        String json = Files.readString(report.resolve("bench.json"));
        Path forged = Files.writeString(dir.resolve("forged.json"), json.replaceFirst("\"description\" : \"[^\"]*\"",
                "\"description\" : \"<script>alert(1)</script>\"").replaceFirst("\"device\" : \"cpu\"", "\"device\" : \"<b>cpu</b>\""));
        Path merged = dir.resolve("merged");
        CliRunner compare = CliRunner.run("bench", "--compare", forged.toString(), "--report", merged.toString());
        assertEquals(0, compare.status(), compare.err());
        String html = Files.readString(merged.resolve("bench.html"));
        assertFalse(html.contains("<script>alert") || html.contains("<b>cpu</b>"), "escaped");
        assertTrue(html.contains("&lt;b&gt;cpu&lt;/b&gt;"), "the device name, escaped");
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void readOnlyDestinationsAndClosedBackendsAreRefusedBeforeAnyNativeCall() throws IOException {
        Path file = Files.write(dir.resolve("mapped.bin"), new byte[64]);
        try (CpuBackend cpu = new CpuBackend(2); DeviceBuffer buffer = cpu.allocate(16, DType.FLOAT32)) {
            cpu.fill(FillSpec.unit(1L, 2L, dev.weightinit.engine.Distribution.NORMAL), 0, 16, buffer, 0);
            assertEquals("destination buffer is read-only: values cannot be written into it", assertThrows(IllegalArgumentException.class,
                    () -> buffer.read(0, ByteBuffer.allocateDirect(64).asReadOnlyBuffer())).getMessage());
        }
        OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require());
        try (gpu; DeviceBuffer buffer = gpu.allocate(16, DType.FLOAT32); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer readOnly = channel.map(FileChannel.MapMode.READ_ONLY, 0, 64);
            assertThrows(IllegalArgumentException.class, () -> buffer.read(0, readOnly), "a READ_ONLY mapping, never written");
            assertThrows(IllegalArgumentException.class, () -> buffer.read(0, ByteBuffer.allocateDirect(64).asReadOnlyBuffer()));
        }
        CpuBackend closed = new CpuBackend(1);
        DeviceBuffer kept = closed.allocate(4, DType.FLOAT32);
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.allocateHostBuffer(64));
        assertThrows(IllegalStateException.class, () -> kept.read(0, ByteBuffer.allocateDirect(16)));
        assertThrows(IllegalStateException.class, () -> closed.allocate(4, DType.FLOAT32));
    }

    @Test
    void configsThatContainThemselvesOrNestTooDeepAreRefused() {
        Map<String, Object> loop = new HashMap<>();
        loop.put("class_name", "RandomNormal");
        Map<String, Object> config = new HashMap<>();
        config.put("seed", config);
        loop.put("config", config);
        assertEquals("initializer config contains itself", assertThrows(IllegalArgumentException.class,
                () -> Initializers.deserialize(loop)).getMessage());
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> current = deep;
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> next = new HashMap<>();
            current.put("seed", next);
            current = next;
        }
        Map<String, Object> nested = Map.of("class_name", "RandomNormal", "config", deep);
        assertEquals("initializer config nests deeper than 64 levels", assertThrows(IllegalArgumentException.class,
                () -> Initializers.deserialize(nested)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> dev.weightinit.torch.TorchInit.deserialize(nested));
    }
}
