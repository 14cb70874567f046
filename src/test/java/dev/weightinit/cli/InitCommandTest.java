package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path dir;

    /** Runs src/test/resources/check_safetensors.py (NumPy only) on a file and returns its JSON. */
    private static JsonNode readWithNumpy(Path file) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(InitCommandTest.class.getResource("/check_safetensors.py").toURI());
        return new ObjectMapper().readTree(dev.weightinit.Python.run(script.toString(), file.toString()));
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void gpt2SmallIsReadByNumpyWithTheExpectedShapesDtypesAndStatistics() throws Exception {
        Path file = dir.resolve("gpt2.safetensors");
        CliRunner run = CliRunner.run("init", "--preset", "gpt2-small", "--seed", "2024", "--progress", "none", "--out", file.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("total: 124.4M (124439808) parameters"), run.out());
        JsonNode read = readWithNumpy(file);
        assertEquals("2024", read.get("__metadata__").get("seed").asText());
        assertEquals("pt", read.get("__metadata__").get("format").asText());
        assertEquals("torch", read.get("__metadata__").get("layout").asText());
        JsonNode tensors = read.get("tensors");
        Map<String, Gpt2Tensor> expected = gpt2Small();
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        tensors.fieldNames().forEachRemaining(names::add);
        assertEquals(expected.keySet(), names, "tensor names");
        for (Map.Entry<String, Gpt2Tensor> e : expected.entrySet()) {
            String name = e.getKey();
            Gpt2Tensor want = e.getValue();
            JsonNode info = tensors.get(name);
            assertEquals("F32", info.get("dtype").asText(), name);
            assertEquals(java.util.Arrays.toString(want.shape()), info.get("shape").toString().replace(",", ", "), name);
            double n = java.util.Arrays.stream(want.shape()).reduce(1, (x, y) -> x * y);
            double std = info.get("std").asDouble();
            double mean = info.get("mean").asDouble();
            if (want.std() == 0) {
                assertEquals(want.mean(), mean, 0.0, name);
                assertEquals(0.0, std, 0.0, name);
            } else {
                // 6 standard errors: the sample stddev's SE is about std / sqrt(2n); the mean's std / sqrt(n).
                assertEquals(want.std(), std, 6 * want.std() / Math.sqrt(2 * n), name + " std");
                assertEquals(0.0, mean, 6 * want.std() / Math.sqrt(n), name + " mean");
            }
        }
        // The summary table's mean and std (printed to 4 and 6 significant digits) are NumPy's on the file.
        int rows = 0;
        for (String line : run.out().lines().toList()) {
            String[] cells = line.trim().split("\\s+");
            JsonNode info = tensors.get(cells[0]);
            if (info == null) {
                continue;
            }
            rows++;
            double mean = Double.parseDouble(cells[cells.length - 3]);
            double std = Double.parseDouble(cells[cells.length - 2]);
            assertEquals(info.get("mean").asDouble(), mean, 5e-4 * Math.abs(info.get("mean").asDouble()) + 1e-300, cells[0] + " summary mean");
            assertEquals(info.get("std").asDouble(), std, 5e-6 * info.get("std").asDouble() + 1e-300, cells[0] + " summary std");
        }
        assertEquals(expected.size(), rows, "a summary row per tensor:\n" + run.out());
    }

    private record Gpt2Tensor(long[] shape, double mean, double std) {
    }

    /**
     * GPT-2 small's state_dict as transformers' GPT2Model has it (modeling_gpt2.py, 4.46: Conv1D
     * weights are (in, out)), with GPT2PreTrainedModel._init_weights' values: N(0, 0.02) for
     * embeddings and Conv1D weights, N(0, 0.02 / sqrt(2 * 12)) for every c_proj.weight, biases 0,
     * LayerNorm weights 1. Written out here, not taken from the preset.
     */
    private static Map<String, Gpt2Tensor> gpt2Small() {
        Map<String, Gpt2Tensor> t = new java.util.TreeMap<>();
        double normal = 0.02;
        double residual = 0.02 / Math.sqrt(24);
        t.put("wte.weight", new Gpt2Tensor(new long[] {50257, 768}, 0, normal));
        t.put("wpe.weight", new Gpt2Tensor(new long[] {1024, 768}, 0, normal));
        t.put("ln_f.weight", new Gpt2Tensor(new long[] {768}, 1, 0));
        t.put("ln_f.bias", new Gpt2Tensor(new long[] {768}, 0, 0));
        for (int i = 0; i < 12; i++) {
            String h = "h." + i + ".";
            t.put(h + "ln_1.weight", new Gpt2Tensor(new long[] {768}, 1, 0));
            t.put(h + "ln_1.bias", new Gpt2Tensor(new long[] {768}, 0, 0));
            t.put(h + "attn.c_attn.weight", new Gpt2Tensor(new long[] {768, 2304}, 0, normal));
            t.put(h + "attn.c_attn.bias", new Gpt2Tensor(new long[] {2304}, 0, 0));
            t.put(h + "attn.c_proj.weight", new Gpt2Tensor(new long[] {768, 768}, 0, residual));
            t.put(h + "attn.c_proj.bias", new Gpt2Tensor(new long[] {768}, 0, 0));
            t.put(h + "ln_2.weight", new Gpt2Tensor(new long[] {768}, 1, 0));
            t.put(h + "ln_2.bias", new Gpt2Tensor(new long[] {768}, 0, 0));
            t.put(h + "mlp.c_fc.weight", new Gpt2Tensor(new long[] {768, 3072}, 0, normal));
            t.put(h + "mlp.c_fc.bias", new Gpt2Tensor(new long[] {3072}, 0, 0));
            t.put(h + "mlp.c_proj.weight", new Gpt2Tensor(new long[] {3072, 768}, 0, residual));
            t.put(h + "mlp.c_proj.bias", new Gpt2Tensor(new long[] {768}, 0, 0));
        }
        return t;
    }

    @Test
    void specTensorsKeepTheirOwnDtypeAndSeedAndTheFileIsDeterministic() throws Exception {
        Path spec = dir.resolve("model.json");
        Files.writeString(spec, """
                {"seed": 5, "dtype": "bfloat16", "tensors": [
                  {"name": "embed", "shape": [1000, 64], "initializer": "random_normal"},
                  {"name": "proj", "shape": [64, 64], "initializer": {"class_name": "Orthogonal", "config": {"gain": 2.0, "seed": 77}}, "dtype": "float32"},
                  {"name": "norm", "shape": [64], "initializer": "ones", "dtype": "float16"}]}
                """);
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        assertEquals(0, CliRunner.run("init", "--spec", spec.toString(), "--device", "cpu", "--progress", "plain", "--out", a.toString()).status());
        CliRunner second = CliRunner.run("init", "--spec", spec.toString(), "--progress", "none", "--out", b.toString());
        assertEquals(0, second.status(), second.err());
        // Same spec and seed, same bytes on every device: the whole file, whose header records nothing of the device.
        assertTrue(java.util.Arrays.equals(recordsNoDevice(a), recordsNoDevice(b)), "same spec and seed, same bytes on every device");
        JsonNode read = readWithNumpy(a);
        assertEquals("BF16", read.get("tensors").get("embed").get("dtype").asText());
        assertEquals("F32", read.get("tensors").get("proj").get("dtype").asText());
        assertEquals("F16", read.get("tensors").get("norm").get("dtype").asText());
        assertEquals(2.0 / 8, read.get("tensors").get("proj").get("std").asDouble(), 0.01, "Orthogonal 64x64 with gain 2: RMS 2/8");
        assertEquals(0.05, read.get("tensors").get("embed").get("std").asDouble(), 0.001);
    }

    /**
     * The seed rule of {@code init --help}: a tensor whose config has its own seed keeps it unless
     * {@code --seed} is given; the others take the model seed. Expected bytes come from the
     * stream spec's NumPy reference (kernels/stream_reference.py), not from weightinit.
     */
    @Test
    void aTensorsOwnSeedIsKeptUnlessSeedIsGiven() throws Exception {
        Path spec = dir.resolve("seeds.json");
        Files.writeString(spec, """
                {"seed": 5, "tensors": [
                  {"name": "own", "shape": [7, 33], "initializer": {"class_name": "RandomNormal", "config": {"stddev": 0.05, "seed": 77}}},
                  {"name": "model", "shape": [7, 33], "initializer": {"class_name": "RandomNormal", "config": {"stddev": 0.05}}}]}
                """);
        Path kept = dir.resolve("kept.safetensors");
        Path given = dir.resolve("given.safetensors");
        assertEquals(0, CliRunner.run("init", "--spec", spec.toString(), "--device", "cpu", "--progress", "none", "--out", kept.toString()).status());
        assertEquals(0, CliRunner.run("init", "--spec", spec.toString(), "--device", "cpu", "--progress", "none", "--seed", "9", "--out",
                given.toString()).status());
        assertEquals(numpyNormalHex(77, "own", 231), tensorHex(kept, "own"), "own seed 77 kept without --seed");
        assertEquals(numpyNormalHex(5, "model", 231), tensorHex(kept, "model"), "the spec's seed 5 for a tensor without one");
        assertEquals(numpyNormalHex(9, "own", 231), tensorHex(given, "own"), "--seed 9 overrides the tensor's own seed");
        assertEquals(numpyNormalHex(9, "model", 231), tensorHex(given, "model"), "--seed 9 overrides the spec's seed");
    }

    /** float32 N(0, 0.05) values of {@code count} elements of tensor {@code name} under {@code seed}, from the NumPy reference. */
    private static String numpyNormalHex(long seed, String name, int count) throws Exception {
        String code = "import sys; sys.path.insert(0, 'kernels'); import stream_reference as r; "
                + "sys.stdout.write(r.tensor_bytes(" + seed + ", r.stream_of('" + name + "'), 'normal', 0.0, 0.05, 'float32', 0, " + count
                + ").hex())";
        return dev.weightinit.Python.run("-c", code).strip();
    }

    /** The data bytes of one tensor of a safetensors file, as hex, read from its header's data_offsets. */
    private static String tensorHex(Path file, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = (int) java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode offsets = new ObjectMapper().readTree(new String(bytes, 8, length, StandardCharsets.UTF_8)).get(name).get("data_offsets");
        int from = 8 + length + offsets.get(0).asInt();
        int to = 8 + length + offsets.get(1).asInt();
        return java.util.HexFormat.of().formatHex(bytes, from, to);
    }

    /** The file's bytes, once its metadata is seen to record no device, certification or source. */
    private static byte[] recordsNoDevice(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long length = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode metadata = new ObjectMapper().readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8)).get("__metadata__");
        assertTrue(!metadata.has("device") && !metadata.has("certified") && !metadata.has("source"), metadata.toString());
        assertEquals("5", metadata.get("seed").asText());
        return bytes;
    }

    /** --profile adds the stage lines to stderr, and changes neither stdout nor the file. */
    @Test
    void profileReportsEveryStageOnStderrOnly() throws Exception {
        Path plain = dir.resolve("plain.safetensors");
        Path profiled = dir.resolve("profiled.safetensors");
        CliRunner without = CliRunner.run("init", "--preset", "mlp-small", "--seed", "3", "--device", "cpu", "--progress", "none",
                "--out", plain.toString());
        CliRunner with = CliRunner.run("init", "--preset", "mlp-small", "--seed", "3", "--device", "cpu", "--progress", "none",
                "--profile", "--out", profiled.toString());
        assertEquals(0, with.status(), with.err());
        assertTrue(Files.mismatch(plain, profiled) == -1, "the same file with and without --profile");
        assertEquals(without.out().replace(plain.toString(), "OUT").replaceAll("\\d+(\\.\\d+)?(ms|s)\\b", "T")
                .replaceAll("[0-9.]+ GB/s", "R"), with.out().replace(profiled.toString(), "OUT")
                .replaceAll("\\d+(\\.\\d+)?(ms|s)\\b", "T").replaceAll("[0-9.]+ GB/s", "R"), "stdout does not change");
        assertTrue(!without.err().contains("profile:"), without.err());
        for (String stage : new String[] {"wall from the first JVM's start", "command line parsed, model read", "device opened",
                "file written", "generate", "statistics thread", "file writes", "waiting for summed values"}) {
            assertTrue(with.err().lines().anyMatch(line -> line.startsWith("profile:") && line.contains(stage)), stage + " in " + with.err());
        }
        java.util.regex.Matcher generate = java.util.regex.Pattern.compile("generate (\\d+\\.\\d+) s").matcher(with.err());
        assertTrue(generate.find() && Double.parseDouble(generate.group(1)) >= 0, with.err());
    }
}
