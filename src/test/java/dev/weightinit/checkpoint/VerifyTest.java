package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.cli.CliProbe;
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
        Path spec = Files.writeString(dir.resolve("spec.json"), "{\"tensors\": ["
                + "{\"name\": \"a\", \"shape\": [3], \"initializer\": \"ones\", \"dtype\": \"float32\"},"
                + "{\"name\": \"big\", \"shape\": [300000], \"initializer\": \"random_normal\", \"dtype\": \"float32\"},"
                + "{\"name\": \"c\", \"shape\": [5], \"initializer\": \"random_uniform\", \"dtype\": \"bfloat16\"}]}");
        Path file = dir.resolve("m.safetensors");
        assertEquals(0, CliProbe.init("--spec", spec.toString(), "--seed", "7", "--device", "cpu", "--progress", "none",
                "--out", file.toString()));
        return file;
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
        ByteBuffer original = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.read(original, at);
            ByteBuffer flipped = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, original.getInt(0) ^ 0x0001_0000);
            channel.write(flipped, at);
        }
        int bits = original.getInt(0);
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
}
