package dev.weightinit.io;

import dev.weightinit.backend.Backend;
import dev.weightinit.engine.StreamSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One safetensors file that {@code init} writes (alone, a Hugging Face shard, or a file like another
 * checkpoint's), with the provenance every such file records in its {@code __metadata__}.
 * Thread-safe: stateless.
 */
public final class SafetensorsFile {
    private SafetensorsFile() {
    }

    /**
     * {@code leading} (kept first, in order), then {@code generator}, {@code stream_spec}, {@code seed}
     * and {@code source}: the metadata of a file before its device is known.
     */
    public static Map<String, String> metadata(Map<String, String> leading, long seed, String source) {
        Map<String, String> metadata = new LinkedHashMap<>(leading);
        metadata.put("generator", "weightinit");
        metadata.put("stream_spec", Integer.toString(StreamSpec.VERSION));
        metadata.put("seed", Long.toString(seed));
        metadata.put("source", source);
        return metadata;
    }

    /**
     * Writes {@code entries}' header, with {@code metadata} and the {@code device} and its
     * {@code certified} verdict added, and {@code jobs}' values made on {@code backend}, to
     * {@code target} atomically: the whole file, or {@code target} untouched; the time of each stage
     * is added to {@code stages}.
     *
     * @return each job's statistics, in order
     */
    public static List<TensorWriter.TensorStats> write(Path target, List<SafetensorsHeader.Entry> entries, Map<String, String> metadata,
            List<TensorWriter.Job> jobs, Backend backend, int chunkMib, TensorWriter.Progress progress, TensorWriter.Stages stages)
            throws IOException {
        ByteBuffer header = header(entries, metadata, backend);
        try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
            long position = file.writeAt(header, 0);
            List<TensorWriter.TensorStats> stats = new TensorWriter(backend, chunkMib << 20, stages).write(jobs, file.channel(), position,
                    progress);
            file.commit();
            return stats;
        }
    }

    /**
     * The same file into {@code channel} from position 0, for a caller that commits it itself (the
     * Spark job's task attempts); the channel is left open and its position at the end.
     */
    public static List<TensorWriter.TensorStats> write(FileChannel channel, List<SafetensorsHeader.Entry> entries, Map<String, String> metadata,
            List<TensorWriter.Job> jobs, Backend backend, int chunkMib, TensorWriter.Progress progress) throws IOException {
        ByteBuffer header = header(entries, metadata, backend);
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
        List<TensorWriter.TensorStats> stats = new TensorWriter(backend, chunkMib << 20).write(jobs, channel, position, progress);
        channel.position(position + SafetensorsHeader.dataBytes(entries));
        return stats;
    }

    private static ByteBuffer header(List<SafetensorsHeader.Entry> entries, Map<String, String> metadata, Backend backend) {
        Map<String, String> provenance = new LinkedHashMap<>(metadata);
        provenance.put("device", backend.description()); // which device made the values,
        provenance.put("certified", backend.certification()); // and whether it proved it reproduces the spec
        return SafetensorsHeader.of(entries, provenance);
    }
}
