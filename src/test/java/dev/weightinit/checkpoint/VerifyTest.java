package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.cli.CliRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Verify} on a file whose middle tensor spans two 1 MiB chunks: 300,000 float32 values are
 * 1,200,000 bytes, chunk 0 elements 0 to 262,143 and chunk 1 the remaining 37,856. The file's layout
 * is read from its own JSON header here (not through the project's reader); a bit flipped in the
 * second chunk is reported at its element with the bytes before and after, as big-endian hex; the
 * progress display sees every byte and tensor; a sampled run still reads one chunk of every tensor.
 */
class VerifyTest {
    private static final long TOTAL = 4 * 3 + 4 * 300_000 + 2 * 5;

    @TempDir
    Path dir;

    private Path written() throws IOException {
        return InitCli.specFile(dir, "m", 7, "{\"name\": \"a\", \"shape\": [3], \"initializer\": \"ones\", \"dtype\": \"float32\"},"
                + "{\"name\": \"big\", \"shape\": [300000], \"initializer\": \"random_normal\", \"dtype\": \"float32\"},"
                + "{\"name\": \"c\", \"shape\": [5], \"initializer\": \"random_uniform\", \"dtype\": \"bfloat16\"}");
    }

    /** A display that keeps what it was opened with and the last counts it was given. */
    private static final class Recorder implements RunOutput.ProgressDisplay {
        final long total;
        final int tensors;
        final List<Long> bytes = new ArrayList<>();
        int lastTensors;

        Recorder(long total, int tensors) {
            this.total = total;
            this.tensors = tensors;
        }

        @Override
        public void written(long done, int tensorsDone, dev.weightinit.io.TensorWriter.Job current) {
            bytes.add(done);
            lastTensors = tensorsDone;
        }

        @Override
        public void close() {
        }
    }

    private static Verify.Result verify(Path path, double sample, List<Recorder> displays) throws IOException {
        return Verify.run(new Verify.Request(path, sample, 11, "cpu", 1), note -> { }, (total, tensors) -> {
            Recorder recorder = new Recorder(total, tensors);
            displays.add(recorder);
            return recorder;
        });
    }

    /** XORs the little-endian word at byte {@code at} of {@code file} with {@code mask}; returns the word it held. */
    private static int flip(Path file, long at, int mask) throws IOException {
        ByteBuffer original = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.read(original, at);
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, original.getInt(0) ^ mask), at);
        }
        return original.getInt(0);
    }

    /** Verifies {@code file} whole, cutting it to {@code length} bytes after its header is read (when the display opens). */
    private static Verify.Result verifyCutTo(Path file, long length) throws IOException {
        return Verify.run(new Verify.Request(file, 1.0, 11, "cpu", 1), note -> { }, (total, tensors) -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new Recorder(total, tensors);
        });
    }

    @Test
    void aFileAsWrittenIsEqualAndEveryByteIsComparedAndShown() throws IOException {
        Path file = written();
        List<Recorder> displays = new ArrayList<>();
        Verify.Result result = verify(file, 1.0, displays);
        assertTrue(result.equal());
        assertEquals(1, result.files());
        assertEquals(3, result.tensors());
        assertEquals(TOTAL, result.bytesCompared());
        Recorder display = displays.get(0);
        assertEquals(TOTAL, display.total);
        assertEquals(3, display.tensors);
        assertEquals(List.of(12L, 12L + 1_200_000, TOTAL), display.bytes, "after each tensor");
        assertEquals(3, display.lastTensors);
    }

    @Test
    void aBitFlippedInTheSecondChunkIsReportedAtItsElement() throws IOException {
        Path file = written();
        long element = 270_000; // chunk 1 (from element 262,144), its 7,856th element
        long at = SafetensorsOnDisk.read(file).start("big") + 4 * element;
        int bits = flip(file, at, 0x0001_0000);
        Verify.Result result = verify(file, 1.0, new ArrayList<>());
        assertEquals(1, result.differences().size());
        Verify.Difference difference = result.differences().get(0);
        assertEquals("big", difference.tensor());
        assertEquals(file.toString(), difference.file());
        assertEquals(element, difference.element());
        assertEquals(String.format("0x%08x", bits), difference.expected());
        assertEquals(String.format("0x%08x", bits ^ 0x0001_0000), difference.found());
        assertEquals(TOTAL, result.bytesCompared(), "the other tensors are still compared whole");
    }

    @Test
    void aSampledRunReadsAtLeastOneChunkOfEveryTensorAndLessThanAll() throws IOException {
        Path file = written();
        Verify.Result result = Verify.run(new Verify.Request(file, 0.001, 11, "cpu", 1), note -> { }, (t, n) -> new Recorder(t, n));
        assertTrue(result.equal());
        long smallest = 12 + 10 + 4 * (300_000 - 262_144);
        assertTrue(result.bytesCompared() >= smallest && result.bytesCompared() < TOTAL, "compared " + result.bytesCompared());
    }

    @Test
    void theRequestTakesFractionsInZeroToOneAndChunksOfOneTo1024Mib() {
        Path any = Path.of("x");
        for (double bad : new double[] {0, -0.5, 1.0000001, Double.NaN}) {
            assertEquals("sample fraction " + bad + " is not valid: expected a number in (0, 1]", assertThrows(
                    IllegalArgumentException.class, () -> new Verify.Request(any, bad, 1, "cpu", 64)).getMessage());
        }
        for (int bad : new int[] {0, 1025}) {
            assertEquals("chunk size " + bad + " MiB is not valid: expected 1 to 1024", assertThrows(IllegalArgumentException.class,
                    () -> new Verify.Request(any, 1, 1, "cpu", bad)).getMessage());
        }
        assertEquals(1, new Verify.Request(any, Double.MIN_VALUE, 1, "cpu", 1).chunkMib());
        assertEquals(1024, new Verify.Request(any, 1, 1, "cpu", 1024).chunkMib());
    }

    /**
     * A file cut short after its header was read (a file changed while it is verified) is reported
     * where it ends: the first element not wholly there, found as "(end of file)"; a tensor wholly
     * past the end differs at its element 0. The run ends, however the file ends.
     */
    @Test
    void aFileCutShortWhileItIsVerifiedDiffersWhereItEnds() throws IOException {
        Path file = written();
        SafetensorsOnDisk whole = SafetensorsOnDisk.read(file);
        long element = 270_000;
        long cut = whole.start("big") + 4 * element + 2; // half of element 270,000 is left
        int bits = ByteBuffer.wrap(whole.bytes(), (int) (whole.start("big") + 4 * element), 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        Verify.Result result = verifyCutTo(file, cut);
        assertEquals(List.of(new Verify.Difference(file.toString(), "big", element, String.format("0x%08x", bits), "(end of file)"),
                new Verify.Difference(file.toString(), "c", 0, result.differences().get(1).expected(), "(end of file)")),
                result.differences());
        assertEquals(TOTAL, result.bytesCompared(), "every tensor's bytes were asked for");
    }

    /**
     * A file cut short at an element's end whose last whole element also differs: that element is
     * reported with the bits found, not as the end of the file.
     */
    @Test
    void theLastWholeElementOfAFileCutShortIsComparedAsFound() throws IOException {
        Path file = written();
        long element = 269_999;
        long at = SafetensorsOnDisk.read(file).start("big") + 4 * element;
        int bits = flip(file, at, 1);
        Verify.Result result = verifyCutTo(file, at + 4); // the flipped element is the last whole one
        Verify.Difference big = result.differences().get(0);
        assertEquals(element, big.element());
        assertEquals(String.format("0x%08x", bits ^ 1), big.found());
    }

    /**
     * The chunk count is the ceiling of count / chunk: a tensor one element short of a whole chunk
     * (262,143 float32 values at 1 MiB) is one chunk, and a tensor with no elements is none, and both
     * verify; the time taken is no longer than the call.
     */
    @Test
    void aTensorJustUnderAChunkAndAnEmptyTensorVerify() throws IOException {
        Path file = InitCli.specFile(dir, "edges", 7,
                "{\"name\": \"under\", \"shape\": [262143], \"initializer\": \"random_uniform\", \"dtype\": \"float32\"},"
                + "{\"name\": \"empty\", \"shape\": [0, 4], \"initializer\": \"random_normal\", \"dtype\": \"float32\"}");
        long started = System.nanoTime();
        Verify.Result result = verify(file, 1.0, new ArrayList<>());
        double elapsed = (System.nanoTime() - started) / 1e9;
        assertTrue(result.equal(), result.toString());
        assertEquals(2, result.tensors());
        assertEquals(4 * 262_143, result.bytesCompared());
        assertTrue(result.seconds() > 0 && result.seconds() <= elapsed, result.seconds() + " s of a call of " + elapsed + " s");
        Verify.Result sampled = verify(file, 0.5, new ArrayList<>());
        assertEquals(4 * 262_143, sampled.bytesCompared(), "the one chunk of the first tensor is always compared");
    }

    /** What is not a folder, a .safetensors or a .npy file is refused naming the path and what is expected. */
    @Test
    void pathsOfOtherKindsAreRefusedByName() throws IOException {
        Path missing = dir.resolve("missing.safetensors");
        Path device = Files.createSymbolicLink(dir.resolve("device.safetensors"), Path.of("/dev/null"));
        Path text = Files.writeString(dir.resolve("notes.txt"), "x");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "x");
        Files.writeString(empty.resolve(".hidden.safetensors"), "x");
        String[][] cases = {
            {missing.toString(), missing + " does not exist: expected a folder, a .safetensors or a .npy file"},
            {device.toString(), device + " is not a folder, a .safetensors or a .npy file"},
            {text.toString(), text + " is not a folder, a .safetensors or a .npy file"},
            {empty.toString(), empty + " holds no model.safetensors.index.json and no .safetensors file"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], assertThrows(IllegalArgumentException.class, () -> verify(Path.of(c[0]), 1.0, new ArrayList<>())).getMessage());
        }
    }

    /**
     * A whole .npy of rank 2 verifies against its sidecar; the same file with a byte appended, or
     * with its header's shape changed to another of the same length, is not the file its sidecar
     * describes.
     */
    @Test
    void aWholeNpyVerifiesAndOneThatLiesAboutItselfIsRefused() throws IOException {
        Path npy = dir.resolve("w.npy");
        CliRunner generate = CliRunner.run("generate", "--initializer", "glorot_normal", "--shape", "3,4", "--seed", "5", "--device", "cpu",
                "--out", npy.toString());
        assertEquals(0, generate.status(), generate.err());
        Verify.Result result = verify(npy, 1.0, new ArrayList<>());
        assertTrue(result.equal(), result.toString());
        assertEquals(48, result.bytesCompared(), "12 float32 values");
        byte[] original = Files.readAllBytes(npy);
        String lie = npy + " is not the .npy file its sidecar describes: expected a header for (3, 4) float32 and " + original.length
                + " bytes in all";

        byte[] longer = java.util.Arrays.copyOf(original, original.length + 1);
        Files.write(npy, longer);
        assertEquals(lie, assertThrows(IllegalArgumentException.class, () -> verify(npy, 1.0, new ArrayList<>())).getMessage());

        String header = new String(original, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("(3, 4)"), header.substring(0, 64));
        Files.write(npy, header.replace("(3, 4)", "(4, 3)").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(lie, assertThrows(IllegalArgumentException.class, () -> verify(npy, 1.0, new ArrayList<>())).getMessage());
    }
}
