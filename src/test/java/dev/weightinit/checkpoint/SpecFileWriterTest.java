package dev.weightinit.checkpoint;

import static dev.weightinit.checkpoint.InitCli.init;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weightinit.cli.CliRunner;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.RandomNormal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init --spec} through {@link SpecFileWriter}, the file read back through its own JSON header
 * here: the dtype of each tensor (its own, else {@code --dtype}, else the spec's, else float32), the
 * layout record, the seed of each tensor (its own config seed unless {@code --seed} is given, which
 * wins), values equal to the initializer's own fill of the named tensor, the plan's lines, the note
 * for a slow orthogonal QR, and the parameter count in the summary.
 */
class SpecFileWriterTest {
    @TempDir
    Path dir;

    private Path spec(String layout) throws IOException {
        return Files.writeString(dir.resolve("spec.json"), "{\"dtype\": \"bfloat16\"" + layout + ", \"tensors\": ["
                + "{\"name\": \"own\", \"shape\": [8], \"initializer\": {\"class_name\": \"RandomNormal\", \"config\": {\"seed\": 5}}},"
                + "{\"name\": \"drawn\", \"shape\": [8], \"initializer\": \"random_normal\"},"
                + "{\"name\": \"wide\", \"shape\": [4], \"initializer\": \"zeros\", \"dtype\": \"float32\"}]}");
    }

    @Test
    void dtypesLayoutAndSeedsAreEachTensorsOwnFirst() throws IOException {
        Path file = dir.resolve("m.safetensors");
        CliRunner run = init("--spec", spec(", \"layout\": \"keras\"").toString(), "--out", file.toString());
        assertEquals(0, run.status(), run.err());
        SafetensorsOnDisk written = SafetensorsOnDisk.read(file);
        JsonNode header = written.header();
        assertEquals("BF16", header.get("own").get("dtype").asText(), "the spec's dtype");
        assertEquals("F32", header.get("wide").get("dtype").asText(), "the tensor's own");
        assertEquals("keras", header.get("__metadata__").get("format").asText());
        assertEquals("keras", header.get("__metadata__").get("layout").asText());
        assertArrayEquals(Fills.of(new RandomNormal(0, 0.05, 5), "own", 8, DType.BFLOAT16), written.data("own"), "its own seed 5");
        long drawn = header.get("__metadata__").get("seed").asLong();
        assertArrayEquals(Fills.of(new RandomNormal(0, 0.05, drawn), "drawn", 8, DType.BFLOAT16), written.data("drawn"), "the run's drawn seed");
        assertTrue(run.err().contains("--seed " + Long.toUnsignedString(drawn)) || run.err().contains("--seed " + drawn), run.err());

        Path seeded = dir.resolve("s.safetensors");
        CliRunner withSeed = init("--spec", spec("").toString(), "--seed", "9", "--dtype", "float16", "--out", seeded.toString());
        assertEquals(0, withSeed.status(), withSeed.err());
        SafetensorsOnDisk withSeedFile = SafetensorsOnDisk.read(seeded);
        JsonNode other = withSeedFile.header();
        assertEquals("F16", other.get("own").get("dtype").asText(), "--dtype over the spec's");
        assertEquals("F32", other.get("wide").get("dtype").asText(), "the tensor's own over --dtype");
        assertEquals("pt", other.get("__metadata__").get("format").asText());
        assertEquals("unspecified", other.get("__metadata__").get("layout").asText());
        assertArrayEquals(Fills.of(new RandomNormal(0, 0.05, 9), "own", 8, DType.FLOAT16), withSeedFile.data("own"), "--seed wins over the config's");
        assertFalse(withSeed.err().contains("--seed 9"), "a given seed needs no hint: " + withSeed.err());
        assertTrue(withSeed.out().contains("total: 20 parameters, 48 B in 3 tensors, "), "8 + 8 float16 and 4 float32 values: " + withSeed.out());
    }

    @Test
    void thePlanListsEachTensorAndTheSlowQrIsAnnounced() throws IOException {
        Path spec = Files.writeString(dir.resolve("q.json"), "{\"tensors\": ["
                + "{\"name\": \"q\", \"shape\": [2000, 1500], \"initializer\": \"orthogonal\"},"
                + "{\"name\": \"b\", \"shape\": [1500], \"initializer\": \"zeros\", \"dtype\": \"bfloat16\"}]}");
        CliRunner plan = init("--spec", spec.toString(), "--plan", "--out", dir.resolve("q.safetensors").toString());
        assertEquals(0, plan.status(), plan.err());
        String line = "  %-50s %-22s %-8s %s%n";
        assertEquals(String.format(Locale.ROOT, line, "q", "(2000, 1500)", "float32", "Orthogonal")
                + String.format(Locale.ROOT, line, "b", "(1500,)", "bfloat16", "Zeros")
                + "plan: 2 tensors, 3001500 parameters, 11.4 MiB in 1 file" + System.lineSeparator(), plan.out(),
                "3,000,000 float32 and 1,500 bfloat16 values: 12,003,000 bytes, 11.45 MiB");
        // 2 * 2000 * 1500^2 = 9e9 operations at 2.3e9 per second: about 4 s
        assertEquals("init: q: orthogonalising a 2000 x 1500 matrix on the host: about 4 s", plan.err().strip());
        assertFalse(Files.exists(dir.resolve("q.safetensors")));
    }

    @Test
    void millionsOfParametersAreCountedInBothForms() throws IOException {
        Path spec = Files.writeString(dir.resolve("big.json"), "{\"tensors\": [{\"name\": \"e\", \"shape\": [1234567], "
                + "\"initializer\": \"zeros\", \"dtype\": \"bfloat16\"}]}");
        CliRunner run = init("--spec", spec.toString(), "--seed", "1", "--out", dir.resolve("big.safetensors").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("total: 1.2M (1234567) parameters, "), run.out());
    }

    /**
     * A spec run from Java: the three setup marks in order, the spec's warning, a row per tensor when
     * the table is asked for, none when not, and a time no longer than the call took.
     */
    @Test
    void aRunMarksItsStepsWarnsAndPrintsItsTable() throws IOException {
        Path spec = Files.writeString(dir.resolve("torchy.json"), "{\"tensors\": ["
                + "{\"name\": \"fc.weight\", \"shape\": [3, 2], \"initializer\": \"glorot_uniform\"},"
                + "{\"name\": \"fc.bias\", \"shape\": [3], \"initializer\": \"zeros\"}]}");
        InitRequest request = new InitRequest(new InitRequest.Source(InitRequest.Kind.SPEC, spec.toString()),
                dir.resolve("t.safetensors").toString(), 4L, null, 96, null, false, "hf", false, "cpu", 8);
        CapturedRun table = new CapturedRun();
        long started = System.nanoTime();
        InitResult result = InitRun.run(request, table.output(true));
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertTrue(result.seconds() > 0 && result.seconds() <= elapsed, result.seconds() + " s of a call of " + elapsed + " s");
        assertEquals(List.of("command line parsed, model read, initializers and header made", "device opened (and its certificate looked up)",
                "file written (kernels built at first use), synced and renamed"), table.marks);
        assertTrue(table.err().startsWith("warning: tensors named like PyTorch weights (fc.weight) get Keras' fan rule"), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(4, lines.size(), "a header, 2 rows and the total: " + table.out());
        assertTrue(lines.get(0).startsWith("tensor     shape "), lines.get(0));
        assertTrue(lines.get(1).startsWith("fc.weight  (3, 2) "), lines.get(1));
        assertTrue(lines.get(2).startsWith("fc.bias    (3,) "), lines.get(2));
        assertTrue(lines.get(3).startsWith("total: 9 parameters, 36 B in 2 tensors, "), lines.get(3));

        CapturedRun totals = new CapturedRun();
        InitRun.run(request, totals.output(false));
        assertEquals(1, totals.out().lines().count(), "the total alone: " + totals.out());
        assertTrue(totals.out().startsWith("total: 9 parameters, 36 B in 2 tensors, "), totals.out());
    }
}
