package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors and bad input: exit 2, one line starting "error:" naming the value, no output file at all. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private void assertUsageError(String expectedFragment, String... args) throws IOException {
        CliRunner run = CliRunner.run(args);
        assertEquals(2, run.status(), String.join(" ", args) + "\n" + run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + run.err());
        assertTrue(lines[0].startsWith("error: "), lines[0]);
        assertTrue(lines[0].contains(expectedFragment), lines[0] + " lacks " + expectedFragment);
        assertFalse(lines[0].contains("\tat "), "no stack trace");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing left in the output folder");
        }
    }

    @Test
    void badValuesAreNamed() throws IOException {
        String out = dir.resolve("w.npy").toString();
        assertUsageError("3,x", "generate", "--initializer", "zeros", "--shape", "3,x", "--out", out);
        assertUsageError("-4", "generate", "--initializer", "zeros", "--shape", "3,-4", "--out", out);
        assertUsageError("2^63", "generate", "--initializer", "zeros", "--shape", "4294967296,4294967296", "--out", out);
        assertUsageError("he_normall", "generate", "--initializer", "he_normall", "--shape", "3", "--out", out);
        assertUsageError("int8", "generate", "--initializer", "zeros", "--shape", "3", "--dtype", "int8", "--out", out);
        assertUsageError("stddev", "generate", "--initializer", "{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": -1}}",
                "--shape", "3", "--out", out);
        assertUsageError("offset 10", "generate", "--initializer", "zeros", "--shape", "3", "--offset", "10", "--out", out);
        assertUsageError("opencl:7:7", "generate", "--initializer", "zeros", "--shape", "3", "--device", "opencl:7:7", "--out", out);
        assertUsageError("gpu", "generate", "--initializer", "zeros", "--shape", "3", "--device", "gpu", "--out", out);
        assertUsageError("--shape", "generate", "--initializer", "zeros", "--out", out);
        assertUsageError("gpt3", "init", "--preset", "gpt3", "--out", dir.resolve("m.safetensors").toString());
        assertUsageError("mutually exclusive", "init", "--preset", "mlp-small", "--spec", "x.json", "--out", out);
        assertUsageError("not-there", "generate", "--initializer", "zeros", "--shape", "3", "--out",
                dir.resolve("not-there").resolve("w.npy").toString());
    }

    @Test
    void nanInfinityAndFoldersAreRejected() throws IOException {
        String out = dir.resolve("w.npy").toString();
        assertUsageError("not valid", "generate", "--initializer", "{\"class_name\": \"RandomNormal\", \"config\": {\"mean\": NaN}}",
                "--shape", "3", "--out", out);
        assertUsageError("value is Infinity", "generate", "--initializer", "{\"class_name\": \"Constant\", \"config\": {\"value\": 1e999}}",
                "--shape", "3", "--out", out);
        Path folder = Files.createDirectory(dir.resolve("a-folder"));
        CliRunner run = CliRunner.run("generate", "--initializer", "zeros", "--shape", "3", "--out", folder.toString());
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("error: ") && run.err().contains("is a folder"), run.err());
        Files.delete(folder);
    }

    @Test
    void emptyAndScalarShapesAreValid() throws IOException {
        Path empty = dir.resolve("empty.npy");
        CliRunner run = CliRunner.run("generate", "--initializer", "he_normal", "--shape", "0,5", "--out", empty.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(new String(Files.readAllBytes(empty), java.nio.charset.StandardCharsets.ISO_8859_1).contains("'shape': (0, 5)"));
        Path scalar = dir.resolve("scalar.npy");
        run = CliRunner.run("generate", "--initializer", "ones", "--shape", "", "--out", scalar.toString());
        assertEquals(0, run.status(), run.err());
        byte[] bytes = Files.readAllBytes(scalar);
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("'shape': ()"));
        int header = 10 + ((bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
        assertEquals(header + 4, bytes.length, "a header and one float");
        Files.delete(empty);
        Files.delete(scalar);
    }

    @Test
    void badModelSpecsAreNamedWithTheTensor() throws IOException {
        Path spec = Files.createTempFile("spec", ".json");
        try {
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 3], \"initializer\": \"zeros\"},"
                    + " {\"name\": \"b\", \"shape\": [2, -1], \"initializer\": \"ones\"}]}");
            assertUsageError("tensors[1] (b)", "init", "--spec", spec.toString(), "--out", dir.resolve("m.safetensors").toString());
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"a\", \"shape\": [2], \"initializer\": \"zeros\", \"init\": 1}]}");
            assertUsageError("unknown key 'init'", "init", "--spec", spec.toString(), "--out", dir.resolve("m.safetensors").toString());
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"a\", \"shape\": [2], \"initializer\": \"zeros\"},"
                    + " {\"name\": \"a\", \"shape\": [2], \"initializer\": \"ones\"}]}");
            assertUsageError("appears twice", "init", "--spec", spec.toString(), "--out", dir.resolve("m.safetensors").toString());
        } finally {
            Files.delete(spec);
        }
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRunner run = CliRunner.run("--verbose", "generate", "--initializer", "nope", "--shape", "3", "--out",
                dir.resolve("w.npy").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    /** Issue "Keras exactness" item 2: integers from JSON and the command line never wrap. */
    @Test
    void numbersThatWouldWrapAreRefusedWithTheFieldAndTheTensor() throws IOException {
        Path spec = Files.createTempFile("spec", ".json");
        String out = dir.resolve("m.safetensors").toString();
        try {
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"w\", \"shape\": [18446744073709551621], \"initializer\": \"zeros\"}]}");
            assertUsageError("tensors[0] (w): shape [18446744073709551621] has 18446744073709551621 at axis 0", "init", "--spec",
                    spec.toString(), "--out", out);
            Files.writeString(spec, "{\"seed\": 18446744073709551616, \"tensors\": []}");
            assertUsageError("seed is 18446744073709551616: expected an integer from -2^63 to 2^64 - 1", "init", "--spec",
                    spec.toString(), "--out", out);
            Files.writeString(spec, "{\"seed\": 1e30, \"tensors\": []}");
            assertUsageError("seed is 1.0E30", "init", "--spec", spec.toString(), "--out", out);
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"w\", \"shape\": [4, 4], \"initializer\": {\"class_name\": "
                    + "\"VarianceScaling\", \"config\": {\"input_axes\": [4294967296], \"output_axes\": [0]}}}]}");
            assertUsageError("tensors[0] (w): VarianceScaling argument input_axes is [4294967296]", "init", "--spec",
                    spec.toString(), "--out", out);
            Files.writeString(spec, "{\"tensors\": []} garbage");
            assertUsageError(spec.getFileName().toString(), "init", "--spec", spec.toString(), "--out", out);
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"bad\\ud800name\", \"shape\": [2], \"initializer\": \"zeros\"}]}");
            assertUsageError("tensors[0]: tensor name has an unpaired surrogate \\ud800 at index 3", "init", "--spec",
                    spec.toString(), "--out", out);
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"a\", \"shape\": [4611686018427387904], \"initializer\": \"zeros\"}]}");
            assertUsageError("tensor a (4611686018427387904,) of float32 is more than 2^63 - 1 bytes", "init", "--spec",
                    spec.toString(), "--out", out);
            Files.writeString(spec, "{\"tensors\": [{\"name\": \"a\", \"shape\": [2305843009213693952], \"initializer\": \"zeros\"},"
                    + " {\"name\": \"b\", \"shape\": [2305843009213693952], \"initializer\": \"zeros\"}]}");
            assertUsageError("tensor b takes the file past 2^63 - 1 bytes", "init", "--spec", spec.toString(), "--dtype", "float16", "--out", out);
        } finally {
            Files.delete(spec);
        }
        String npy = dir.resolve("w.npy").toString();
        assertUsageError("not valid", "generate", "--initializer", "{\"class_name\": \"Zeros\", \"config\": {}} garbage",
                "--shape", "3", "--out", npy);
        assertUsageError("shape '3,4,' is not valid", "generate", "--initializer", "zeros", "--shape", "3,4,", "--out", npy);
        assertUsageError("shape ',' is not valid", "generate", "--initializer", "zeros", "--shape", ",", "--out", npy);
        assertUsageError("rank 65: at most 64", "generate", "--initializer", "zeros", "--shape", "1,".repeat(64) + "1", "--out", npy);
        assertUsageError("seed '18446744073709551616' is not valid", "generate", "--initializer", "he_normal", "--shape", "3",
                "--seed", "18446744073709551616", "--out", npy);
    }

    @Test
    void anUnsignedSeedIsItsSixtyFourBits() throws IOException {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertEquals(0, CliRunner.run("generate", "--initializer", "he_normal", "--shape", "64", "--seed", "18446744073709551615",
                "--out", a.toString()).status());
        assertEquals(0, CliRunner.run("generate", "--initializer", "he_normal", "--shape", "64", "--seed", "-1",
                "--out", b.toString()).status());
        org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        Files.delete(a);
        Files.delete(b);
    }
}
