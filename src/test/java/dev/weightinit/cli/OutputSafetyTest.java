package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never destroy what --out names; every bad input gets one clear line (issue "Never destroy what --out names"). */
class OutputSafetyTest {
    @TempDir
    Path dir;

    private static CliRunner generate(Path out) {
        return CliRunner.run("generate", "--initializer", "he_normal", "--shape", "16,16", "--seed", "3", "--device", "cpu",
                "--out", out.toString());
    }

    private static void assertOneError(CliRunner run, int status, String fragment) {
        assertEquals(status, run.status(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + run.err());
        assertTrue(lines[0].startsWith("error: ") && !lines[0].startsWith("error: Error"), lines[0]);
        assertTrue(lines[0].contains(fragment), lines[0] + " lacks " + fragment);
    }

    private List<String> partials() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".partial")).toList();
        }
    }

    @Test
    void aFifoOrADeviceNodeIsNeverReplaced() throws Exception {
        Path fifo = dir.resolve("pipe.npy");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertOneError(generate(fifo), 2, "is not a regular file");
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "still a FIFO");
        Path node = dir.resolve("null.npy");
        Process mknod = new ProcessBuilder("mknod", node.toString(), "c", "1", "3").redirectErrorStream(true).start();
        Assumptions.assumeTrue(mknod.waitFor() == 0, "making a device node needs root");
        assertOneError(generate(node), 2, "is not a regular file");
        assertFalse(Files.isRegularFile(node, LinkOption.NOFOLLOW_LINKS), "still a device node");
        assertEquals(List.of(), partials());
    }

    @Test
    void aSymbolicLinkIsFollowedAndItsTargetReplacedAtomically() throws Exception {
        Path target = dir.resolve("target.npy");
        Files.writeString(target, "old data");
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), target.getFileName());
        assertEquals(0, generate(link).status());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.size(target) > 1000 && !Files.readString(target, java.nio.charset.StandardCharsets.ISO_8859_1).contains("old data"));
        Path reference = dir.resolve("reference.npy");
        assertEquals(0, generate(reference).status());
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(target));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.npy"), Path.of("made.npy"));
        assertEquals(0, generate(dangling).status());
        assertTrue(Files.isSymbolicLink(dangling) && Files.isRegularFile(dir.resolve("made.npy")), "the dangling link's target is made");
        assertEquals(List.of(), partials());
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws Exception {
        Path file = dir.resolve("private.npy");
        Files.writeString(file, "secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(0, generate(file).status());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aLongLegalNameWorksAndAFileAsFolderIsNamed() throws Exception {
        Path longName = dir.resolve("w".repeat(236) + ".npy"); // 240 bytes
        CliRunner run = generate(longName);
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.isRegularFile(longName));
        Path file = dir.resolve("a.npy");
        Files.writeString(file, "x");
        assertOneError(generate(file.resolve("x.npy")), 2, "is a file, not a folder");
    }

    @Test
    void stalePartialsOfDeadRunsAreRemovedLiveOnesKept() throws Exception {
        Path out = dir.resolve("w.npy");
        Path stale = dir.resolve(".w.npy.2147483646.abc.partial");
        Path live = dir.resolve(".w.npy." + ProcessHandle.current().pid() + ".def.partial");
        Path other = dir.resolve(".x.npy.2147483646.abc.partial");
        Files.writeString(stale, "left by a killed run");
        Files.writeString(live, "a run in progress");
        Files.writeString(other, "another target's");
        assertEquals(0, generate(out).status());
        assertFalse(Files.exists(stale), "a dead process's partial is removed");
        assertTrue(Files.exists(live) && Files.exists(other), "a live run's, and another target's, are kept");
    }

    @Test
    void atFileIsTheInitializersJsonNotMoreArguments() throws Exception {
        Path config = dir.resolve("init.json");
        Files.writeString(config, "{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": 0.5, \"seed\": 1}}");
        Path out = dir.resolve("w.npy");
        CliRunner run = CliRunner.run("generate", "--initializer", "@" + config, "--shape", "8", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        Path injecting = dir.resolve("inject.json");
        Files.writeString(injecting, "--out\n" + dir.resolve("elsewhere.npy"));
        CliRunner injected = CliRunner.run("generate", "--initializer", "@" + injecting, "--shape", "8", "--out", out.toString());
        assertOneError(injected, 2, "inject.json");
        assertFalse(Files.exists(dir.resolve("elsewhere.npy")), "a file cannot add options");
        assertOneError(CliRunner.run("generate", "--initializer", "@" + dir.resolve("missing.json"), "--shape", "8", "--out",
                out.toString()), 2, "missing.json does not exist");
    }

    @Test
    void badSpecAndReportFilesNameTheFile() throws Exception {
        Path out = dir.resolve("m.safetensors");
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        Path comments = Files.writeString(dir.resolve("comments.json"), "// a comment\n{\"tensors\": []}");
        Path deep = Files.writeString(dir.resolve("deep.json"), "[".repeat(10_000) + "]".repeat(10_000));
        for (Path spec : List.of(dir.resolve("missing.json"), dir, empty, comments, deep)) {
            assertOneError(CliRunner.run("init", "--spec", spec.toString(), "--out", out.toString()), 2, spec.toString());
        }
        Path notReport = Files.writeString(dir.resolve("report.json"), "{}");
        assertOneError(CliRunner.run("bench", "--compare", notReport.toString()), 2, "is not a weightinit bench report");
        assertOneError(CliRunner.run("bench", "--compare", dir.resolve("gone.json").toString()), 2, "gone.json does not exist");
        assertOneError(CliRunner.run("bench", "--device", "cpu", "--sizes", ","), 2, "size '' is not valid");
        Path fileAsReport = Files.writeString(dir.resolve("r"), "x");
        assertOneError(CliRunner.run("bench", "--device", "cpu", "--sizes", "1024", "--report", fileAsReport.toString()), 2,
                "is a file");
        assertFalse(Files.exists(out));
    }

    @Test
    void messagesAreOneLineWithoutDoubledPrefixesOrUnofferedChoices() throws Exception {
        Path spec = Files.writeString(dir.resolve("m.json"), "{\"tensors\": [{\"name\": \"a\", \"shape\": [4], \"initializer\": \"zeros\"}]}");
        // No seed anywhere, so one is drawn; the run then fails: only the error is printed.
        assertOneError(CliRunner.run("init", "--spec", spec.toString(), "--out", dir.resolve("no/such/m.safetensors").toString()), 2,
                "does not exist");
        CliRunner dtype = CliRunner.run("generate", "--initializer", "zeros", "--shape", "3", "--dtype", "int8", "--out",
                dir.resolve("z.npy").toString());
        assertOneError(dtype, 2, "expected float32, float16, bfloat16, float64, or for constant buffers int64, int32 or bool");
        assertFalse(dtype.err().contains("uint32"), dtype.err());
        assertOneError(CliRunner.run("generate", "--initializer", "orthogonal", "--shape", "4096,4096", "--device", "cpu", "--out",
                dir.resolve("o.npy").toString()), 2, "floating-point operations");
        // A QR that takes seconds is announced with its expected time (2 * 2048^3 flops at 2.3 GFLOP/s: about 7 s).
        assertEquals(java.util.Optional.of("orthogonalising a 2048 x 2048 matrix on the host: about 7 s"),
                new dev.weightinit.keras.Orthogonal().slowWork(dev.weightinit.core.Shape.of(2048, 2048)));
        assertEquals(java.util.Optional.of("orthogonalising a 2048 x 2048 matrix on the host: about 7 s"),
                new dev.weightinit.torch.Orthogonal().slowWork(dev.weightinit.core.Shape.of(2048, 2, 1024)));
        assertTrue(new dev.weightinit.keras.Orthogonal().slowWork(dev.weightinit.core.Shape.of(256, 256)).isEmpty());
    }
}
