package dev.weightinit.checkpoint;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.io.NpyHeader;
import dev.weightinit.io.SafetensorsIndex;
import dev.weightinit.io.SafetensorsReader;
import dev.weightinit.model.Provenance;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code weightinit verify}: proves that files on disk are what their seed makes. Every tensor is
 * made again from what its file records ({@link Provenance}: seed, stream spec, each tensor's
 * initializer; for {@code .npy} files the sidecar {@code FILE.npy.json} that {@code generate}
 * writes) and compared byte for byte; a folder's index must name only shards that exist. With a
 * sample fraction below 1, seeded random chunks of every tensor are compared instead (at least one
 * per tensor). Not thread-safe; one run per call.
 */
public final class Verify {
    /** The index of a sharded Hugging Face folder. */
    static final String INDEX = "model.safetensors.index.json";

    private Verify() {
    }

    /**
     * @param path       a folder, a {@code .safetensors} file or a {@code .npy} file
     * @param sample     the fraction of each tensor's chunks compared, in (0, 1]; 1 compares everything
     * @param sampleSeed the seed that chooses the sampled chunks
     * @param device     the device choice, as {@code init} takes it
     * @param chunkMib   MiB compared at a time, 1 to 1024
     */
    public record Request(Path path, double sample, long sampleSeed, String device, int chunkMib) {
        /**
         * @throws IllegalArgumentException naming the value out of range
         */
        public Request {
            if (!(sample > 0 && sample <= 1)) {
                throw new IllegalArgumentException("sample fraction " + sample + " is not valid: expected a number in (0, 1]");
            }
            if (chunkMib < 1 || chunkMib > 1024) {
                throw new IllegalArgumentException("chunk size " + chunkMib + " MiB is not valid: expected 1 to 1024");
            }
        }
    }

    /** A tensor whose bytes differ from what its record makes: the first differing element, as hex bits. */
    public record Difference(String file, String tensor, long element, String expected, String found) {
    }

    /**
     * What was checked and found.
     *
     * @param missing     shards the index names that do not exist
     * @param differences tensors that differ, each once
     */
    public record Result(int files, int tensors, long bytesCompared, List<String> missing, List<Difference> differences,
                         String device, String certified, double seconds) {
        public boolean equal() {
            return missing.isEmpty() && differences.isEmpty();
        }
    }

    /**
     * @param notes    receives the device's warnings
     * @param progress opens a progress display over the bytes to compare
     * @throws IllegalArgumentException for bad input: no such path, a path of another kind, files that are
     *                                  not safetensors or carry no weightinit record ({@link Provenance.NotWeightinitException})
     */
    public static Result run(Request request, Consumer<String> notes, RunOutput.ProgressFactory progress) throws IOException {
        long started = System.nanoTime();
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        targets(request.path(), files, missing);
        List<Target> targets = new ArrayList<>();
        long total = 0;
        for (Path file : files) {
            Target target = file.getFileName().toString().endsWith(".npy") ? npy(file) : safetensors(file);
            targets.add(target);
            total += target.bytes();
        }
        List<Difference> differences = new ArrayList<>();
        long compared = 0;
        int tensors = 0;
        String device;
        String certified;
        try (Backend backend = Devices.open(request.device(), warning -> notes.accept("warning: " + warning));
             RunOutput.ProgressDisplay bar = progress.open(total, targets.stream().mapToInt(t -> t.tensors().size()).sum())) {
            device = backend.description();
            certified = backend.certification();
            SplittableRandom chooser = new SplittableRandom(request.sampleSeed());
            long done = 0;
            for (Target target : targets) {
                try (FileChannel channel = FileChannel.open(target.file())) {
                    for (Tensor tensor : target.tensors()) {
                        Compared result = compare(target.file(), channel, tensor, backend, request, chooser);
                        compared += result.bytes();
                        done += tensor.spec().elementCount() * tensor.spec().dtype().bytes();
                        tensors++;
                        if (result.difference() != null) {
                            differences.add(result.difference());
                        }
                        bar.written(done, tensors, null);
                    }
                }
            }
        }
        return new Result(targets.size(), tensors, compared, missing, differences, device, certified, (System.nanoTime() - started) / 1e9);
    }

    /** One tensor to compare: where its bytes start in the file, and how to make them. */
    private record Tensor(String name, TensorSpec spec, Initializer initializer, long first, long count, long position) {
    }

    private record Target(Path file, List<Tensor> tensors) {
        long bytes() {
            return tensors.stream().mapToLong(t -> t.count() * t.spec().dtype().bytes()).sum();
        }
    }

    private record Compared(long bytes, Difference difference) {
    }

    /** The files a path names: a file, or a folder's index's shards (missing ones listed), else its safetensors files. */
    private static void targets(Path path, List<Path> files, List<String> missing) throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + " does not exist: expected a folder, a .safetensors or a .npy file");
        }
        if (!Files.isDirectory(path)) {
            String name = path.getFileName().toString();
            if (!Files.isRegularFile(path) || !(name.endsWith(".safetensors") || name.endsWith(".npy"))) {
                throw new IllegalArgumentException(path + " is not a folder, a .safetensors or a .npy file");
            }
            files.add(path);
            return;
        }
        Path index = path.resolve(INDEX);
        if (Files.isRegularFile(index)) {
            for (String shard : new TreeSet<>(SafetensorsIndex.weightMap(index).values())) {
                Path file = path.resolve(FileNames.checkPlain(shard, index + " names a shard"));
                if (Files.isRegularFile(file)) {
                    files.add(file);
                } else {
                    missing.add(shard);
                }
            }
            return;
        }
        try (Stream<Path> entries = Files.list(path)) {
            entries.filter(p -> p.getFileName().toString().endsWith(".safetensors") && !p.getFileName().toString().startsWith(".")
                    && Files.isRegularFile(p)).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(path + " holds no " + INDEX + " and no .safetensors file");
        }
    }

    private static Target safetensors(Path file) throws IOException {
        SafetensorsReader.Header header = SafetensorsReader.read(file);
        Provenance.Record record = Provenance.read(header.metadata(), header.tensors().size(), file.toString());
        long position = header.dataStart();
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < header.tensors().size(); i++) {
            SafetensorsReader.Entry entry = header.tensors().get(i);
            TensorSpec spec = TensorSpec.named(entry.name(), entry.shape(), entry.dtype());
            tensors.add(new Tensor(entry.name(), spec, record.initializers().get(i), 0, spec.elementCount(), position));
            position += spec.elementCount() * entry.dtype().bytes();
        }
        return new Target(file, tensors);
    }

    /** A {@code .npy} file and its sidecar {@code FILE.npy.json} ({@link NpyRecord}). */
    private static Target npy(Path file) throws IOException {
        NpyRecord record = NpyRecord.read(file);
        Shape written = record.whole() ? record.tensor().shape() : Shape.of(record.count());
        ByteBuffer header = NpyHeader.of(record.tensor().dtype(), written);
        ByteBuffer actual = ByteBuffer.allocate(header.remaining());
        try (FileChannel channel = FileChannel.open(file)) {
            while (actual.hasRemaining() && channel.read(actual, actual.position()) > 0) {
                // read the header's length of bytes
            }
            long expectedSize = header.remaining() + record.count() * record.tensor().dtype().bytes();
            if (!actual.flip().equals(header) || channel.size() != expectedSize) {
                throw new IllegalArgumentException(file + " is not the .npy file its sidecar describes: expected a header for "
                        + written + " " + record.tensor().dtype().specName() + " and " + expectedSize + " bytes in all");
            }
        }
        return new Target(file, List.of(new Tensor("tensor", record.tensor(), record.initializer(), record.offset(), record.count(),
                header.remaining())));
    }

    private static Compared compare(Path file, FileChannel channel, Tensor tensor, Backend backend, Request request,
                                    SplittableRandom chooser) throws IOException {
        DType dtype = tensor.spec().dtype();
        int size = dtype.bytes();
        long chunk = Math.max(1, ((long) request.chunkMib() << 20) / size);
        long chunks = (tensor.count() + chunk - 1) / chunk;
        long forced = chunks == 0 ? -1 : chooser.nextLong(chunks); // every tensor gets at least one sampled chunk
        ByteBuffer expected = ByteBuffer.allocateDirect((int) (Math.min(chunk, Math.max(1, tensor.count())) * size))
                .order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer actual = ByteBuffer.allocateDirect(expected.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        long bytes = 0;
        for (long c = 0; c < chunks; c++) {
            boolean chosen = request.sample() >= 1 || c == forced || chooser.nextDouble() < request.sample();
            if (!chosen) {
                continue;
            }
            long first = c * chunk;
            int n = (int) Math.min(chunk, tensor.count() - first);
            expected.clear().limit(n * size);
            actual.clear().limit(n * size);
            tensor.initializer().fill(tensor.spec(), tensor.first() + first, expected, backend);
            long position = tensor.position() + first * size;
            while (actual.hasRemaining()) {
                if (channel.read(actual, position + actual.position()) < 0) {
                    break;
                }
            }
            bytes += n * (long) size;
            expected.position(0).limit(n * size); // fill writes the remaining bytes without moving the position
            actual.flip();
            if (!expected.equals(actual)) {
                return new Compared(bytes, difference(file, tensor, first, expected, actual, size));
            }
        }
        return new Compared(bytes, null);
    }

    private static Difference difference(Path file, Tensor tensor, long first, ByteBuffer expected, ByteBuffer actual, int size) {
        int mismatch = expected.mismatch(actual);
        int element = mismatch / size;
        return new Difference(file.toString(), tensor.name(), tensor.first() + first + element, hex(expected, element, size),
                element * size + size <= actual.limit() ? hex(actual, element, size) : "(end of file)");
    }

    private static String hex(ByteBuffer buffer, int element, int size) {
        StringBuilder text = new StringBuilder("0x");
        for (int b = size - 1; b >= 0; b--) {
            text.append(String.format("%02x", buffer.get(element * size + b)));
        }
        return text.toString();
    }
}
