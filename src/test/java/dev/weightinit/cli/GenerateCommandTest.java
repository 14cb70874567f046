package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.opencl.OpenClTestDevices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    Path dir;

    private static byte[] data(Path npy) throws IOException {
        byte[] bytes = Files.readAllBytes(npy);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        return Arrays.copyOfRange(bytes, 10 + headerLength, bytes.length);
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void cpuAndOpenClWriteByteIdenticalFiles() throws IOException {
        OpenClTestDevices.require();
        for (String dtype : new String[] {"float32", "bfloat16", "float16", "float64"}) {
            Path cpu = dir.resolve("cpu-" + dtype + ".npy");
            Path opencl = dir.resolve("opencl-" + dtype + ".npy");
            String spec = "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_out\", \"distribution\": \"normal\"}}";
            CliRunner a = CliRunner.run("generate", "--initializer", spec, "--shape", "33,17,9", "--dtype", dtype,
                    "--seed", "12345", "--name", "conv.weight", "--device", "cpu", "--out", cpu.toString());
            CliRunner b = CliRunner.run("generate", "--initializer", spec, "--shape", "33,17,9", "--dtype", dtype,
                    "--seed", "12345", "--name", "conv.weight", "--device", "opencl", "--out", opencl.toString());
            assertEquals(0, a.status(), a.err());
            assertEquals(0, b.status(), b.err());
            assertArrayEquals(Files.readAllBytes(cpu), Files.readAllBytes(opencl), dtype);
        }
    }

    /**
     * NumPy reads every dtype's file (np.load: descr, shape, C order) and its values equal the
     * stream spec's NumPy reference for that tensor (kernels/stream_reference.py), not weightinit's.
     */
    @Test
    void numpyLoadsEveryDtypeWithTheReferenceValues() throws Exception {
        String script = String.join("\n",
                "import sys; sys.path.insert(0, 'kernels')",
                "import numpy as np, stream_reference as r",
                "path, dtype = sys.argv[1], sys.argv[2]",
                "a = np.load(path)",
                "descr = {'float32': '<f4', 'float16': '<f2', 'bfloat16': '<u2', 'float64': '<f8'}[dtype]",
                "assert a.dtype.str == descr, (a.dtype.str, descr)",
                "assert a.shape == (33, 17, 9), a.shape",
                "assert a.flags['C_CONTIGUOUS'] and not np.isfortran(a)",
                "ref = r.tensor_bytes(12345, r.stream_of('conv.weight'), 'normal', 0.25, 0.05, dtype, 0, 33 * 17 * 9)",
                "assert a.tobytes() == ref, 'values differ from the reference'",
                "print('ok', a.dtype.str, a.shape)");
        for (String dtype : new String[] {"float32", "float16", "bfloat16", "float64"}) {
            Path file = dir.resolve("numpy-" + dtype + ".npy");
            CliRunner run = CliRunner.run("generate", "--initializer", "{\"class_name\": \"RandomNormal\", \"config\": {\"mean\": 0.25, "
                    + "\"stddev\": 0.05}}", "--shape", "33,17,9", "--dtype", dtype, "--seed", "12345", "--name", "conv.weight",
                    "--device", "cpu", "--out", file.toString());
            assertEquals(0, run.status(), run.err());
            String output = dev.weightinit.Python.run("-c", script, file.toString(), dtype);
            assertTrue(output.startsWith("ok"), output);
        }
    }

    @Test
    void slicesEqualTheMatchingPartOfTheWholeTensor() throws IOException {
        Path whole = dir.resolve("whole.npy");
        assertEquals(0, CliRunner.run("generate", "--initializer", "glorot_normal", "--shape", "100,77", "--seed", "9",
                "--stream", "18446744073709551615", "--out", whole.toString()).status());
        byte[] all = data(whole);
        long[][] slices = {{0, 1}, {3, 1000}, {7699, 1}, {1234, 5000}, {7000, 700}};
        for (long[] slice : slices) {
            Path part = dir.resolve("part-" + slice[0] + ".npy");
            CliRunner run = CliRunner.run("generate", "--initializer", "glorot_normal", "--shape", "100,77", "--seed", "9",
                    "--stream", "18446744073709551615", "--offset", Long.toString(slice[0]), "--count", Long.toString(slice[1]),
                    "--device", "cpu", "--out", part.toString());
            assertEquals(0, run.status(), run.err());
            assertArrayEquals(Arrays.copyOfRange(all, (int) slice[0] * 4, (int) (slice[0] + slice[1]) * 4), data(part),
                    "slice " + Arrays.toString(slice));
            String header = new String(Files.readAllBytes(part), 10, 100);
            assertTrue(header.contains("'shape': (" + slice[1] + ",)"), header);
        }
    }

    @Test
    void anUnseededInitializerReportsTheSeedThatReproducesIt() throws IOException {
        Path first = dir.resolve("first.npy");
        CliRunner run = CliRunner.run("generate", "--initializer", "random_normal", "--shape", "64", "--out", first.toString());
        assertEquals(0, run.status(), run.err());
        String seed = run.err().replaceAll("(?s).*seed (-?\\d+) was drawn.*", "$1");
        Path again = dir.resolve("again.npy");
        assertEquals(0, CliRunner.run("generate", "--initializer", "random_normal", "--shape", "64", "--seed", seed,
                "--out", again.toString()).status());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));
    }

    @Test
    void helpOnEveryCommand() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream picocliWarnings = new ByteArrayOutputStream(); // picocli reports a bad format string on System.err
        System.setErr(new PrintStream(picocliWarnings, true, StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"devices", "generate", "init", "bench", "certify", "layout"}) {
                CliRunner run = CliRunner.run(command, "--help");
                assertEquals(0, run.status(), command);
                assertTrue(run.out().contains("Usage: weightinit " + command), run.out());
            }
            assertTrue(CliRunner.run("--help").out().contains("generate"));
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", picocliWarnings.toString(StandardCharsets.UTF_8), "every description is a valid format string");
    }

    @Test
    void devicesListsTheFallbackAndTheAutoChoice() {
        CliRunner run = CliRunner.run("devices");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Java fallback"), run.out());
        assertTrue(run.out().contains("auto chooses: "), run.out());
    }
}
