package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.Constant;
import dev.weightinit.keras.Zeros;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SafetensorsFile#write(FileChannel, List, Map, List, dev.weightinit.backend.Backend, int, TensorWriter.Progress)},
 * the variant the Spark job's task attempts write through: the same bytes as the file variant, the
 * channel left at the file's end, each tensor's statistics returned (constants: mean the value, std 0).
 */
@ExtendWith(CpuBackendFixture.class)
class SafetensorsFileTest {
    @TempDir
    Path dir;

    private final CpuBackend cpu;

    SafetensorsFileTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void aChannelGetsTheFilesBytesAndTheStatisticsComeBack() throws IOException {
        TensorSpec twos = TensorSpec.named("twos", Shape.of(3, 2), DType.FLOAT32);
        TensorSpec zeros = TensorSpec.named("zeros", Shape.of(5), DType.BFLOAT16);
        List<SafetensorsHeader.Entry> entries = List.of(new SafetensorsHeader.Entry("twos", twos), new SafetensorsHeader.Entry("zeros", zeros));
        List<TensorWriter.Job> jobs = List.of(new TensorWriter.Job("twos", twos, new Constant(2)), new TensorWriter.Job("zeros", zeros,
                new Zeros()));
        Map<String, String> metadata = Map.of("format", "pt");
        Path byFile = dir.resolve("file.safetensors");
        SafetensorsFile.write(byFile, entries, metadata, jobs, cpu, 1, (b, d, j) -> { }, new TensorWriter.Stages());
        Path byChannel = dir.resolve("channel.safetensors");
        List<TensorWriter.TensorStats> stats;
        long end;
        try (FileChannel channel = FileChannel.open(byChannel, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            stats = SafetensorsFile.write(channel, entries, metadata, jobs, cpu, 1, (b, d, j) -> { });
            end = channel.position();
        }
        assertArrayEquals(Files.readAllBytes(byFile), Files.readAllBytes(byChannel));
        assertEquals(Files.size(byChannel), end, "the channel is left at the file's end");
        ByteBuffer header = SafetensorsHeader.of(entries, metadata);
        assertEquals(header.remaining() + 6 * 4 + 5 * 2, end);
        assertEquals(List.of(new TensorWriter.TensorStats(6, 2, 0), new TensorWriter.TensorStats(5, 0, 0)), stats);
    }
}
