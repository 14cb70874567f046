package dev.weightinit.io;

import dev.weightinit.backend.Backend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One safetensors file that {@code init} writes (alone, a Hugging Face shard, or a file like another
 * checkpoint's): its header with the metadata it is given (the writers record their provenance
 * there, {@code model.Provenance}), then its tensors, streamed.
 * Thread-safe: stateless.
 */
public final class SafetensorsFile {
    private SafetensorsFile() {
    }

    /**
     * Writes {@code entries}' header with {@code metadata}, and {@code jobs}' values made on {@code backend}, to
     * {@code target} atomically: the whole file, or {@code target} untouched; the time of each stage
     * is added to {@code stages}.
     *
     * @return each job's statistics, in order
     */
    public static List<TensorWriter.TensorStats> write(Path target, List<SafetensorsHeader.Entry> entries, Map<String, String> metadata,
            List<TensorWriter.Job> jobs, Backend backend, int chunkMib, TensorWriter.Progress progress, TensorWriter.Stages stages)
            throws IOException {
        try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
            List<TensorWriter.TensorStats> stats = write(file, entries, metadata, jobs, backend, chunkMib, progress, stages);
            file.commit();
            return stats;
        }
    }

    /**
     * The same file into {@code file}, an open {@link AtomicOutputFile} that the caller commits
     * (with the other files of a folder, {@code checkpoint.FolderCommit}); finished, not renamed.
     */
    public static List<TensorWriter.TensorStats> write(AtomicOutputFile file, List<SafetensorsHeader.Entry> entries,
            Map<String, String> metadata, List<TensorWriter.Job> jobs, Backend backend, int chunkMib, TensorWriter.Progress progress,
            TensorWriter.Stages stages) throws IOException {
        ByteBuffer header = SafetensorsHeader.of(entries, metadata);
        long position = file.writeAt(header, 0);
        List<TensorWriter.TensorStats> stats = new TensorWriter(backend, chunkMib << 20, stages).write(jobs, file.channel(), position,
                progress);
        file.finish();
        return stats;
    }

    /**
     * The same file into {@code channel} from position 0, for a caller that commits it itself (the
     * Spark job's task attempts); the channel is left open and its position at the end.
     */
    public static List<TensorWriter.TensorStats> write(FileChannel channel, List<SafetensorsHeader.Entry> entries, Map<String, String> metadata,
            List<TensorWriter.Job> jobs, Backend backend, int chunkMib, TensorWriter.Progress progress) throws IOException {
        ByteBuffer header = SafetensorsHeader.of(entries, metadata);
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
        List<TensorWriter.TensorStats> stats = new TensorWriter(backend, chunkMib << 20).write(jobs, channel, position, progress);
        channel.position(position + SafetensorsHeader.dataBytes(entries));
        return stats;
    }
}
