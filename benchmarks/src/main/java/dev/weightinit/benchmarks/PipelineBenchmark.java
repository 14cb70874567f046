package dev.weightinit.benchmarks;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.backend.opencl.OpenClPlatforms;
import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.VectorSupport;
import dev.weightinit.io.SafetensorsFile;
import dev.weightinit.io.SafetensorsHeader;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.keras.Initializers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The three parts of {@code init} and the whole, on the same bytes in one run, so that
 * RESULTS.md can give the pipeline as a ratio of its serial limit 1/(1/fill + 1/write):
 * <ul>
 *   <li>{@code fill}: one tensor of {@code elements} {@code random_normal} values of {@code dtype}
 *       made into a reused direct buffer of the writer's chunk size (what the producer does);</li>
 *   <li>{@code write}: as many bytes from that buffer to a file in {@code dir} with
 *       {@code FileChannel.write} (what the writing thread does);</li>
 *   <li>{@code init}: the tensor as a whole safetensors file, {@code SafetensorsFile.write}: the
 *       pipeline, the statistics, the temporary file and its rename, as {@code init --spec} runs it.</li>
 * </ul>
 * {@code device}: {@code cpu} (the Java fallback on every core, timed warm) or {@code opencl} (the best
 * OpenCL device). {@code dir} defaults to {@code /dev/shm} where it exists (tmpfs), else the JVM's
 * temporary folder; pass a disk folder to time a disk.
 */
public class PipelineBenchmark extends AbstractBenchmark {
    @Param({"cpu", "opencl"})
    public String device;
    @Param({"bfloat16", "float32"})
    public String dtype;
    /** 256M values: 512 MiB of bfloat16, long enough to amortise the file's creation. */
    @Param({"268435456"})
    public long elements;
    @Param({""})
    public String dir;
    @Param({"fill", "write", "init"})
    public String stage;

    private Backend backend;
    private ByteBuffer buffer;
    private TensorSpec tensor;
    private Initializer initializer;
    private Path folder;
    private Path file;
    private FileChannel channel;

    @Setup
    public void setUp() throws IOException, InterruptedException {
        if ("cpu".equals(device)) {
            VectorSupport.awaitWarmUp(5, TimeUnit.MINUTES);
            backend = new CpuBackend();
        } else {
            backend = new OpenClBackend(OpenClPlatforms.discover().best().orElseThrow(() -> new IllegalStateException("no OpenCL device")),
                    OpenClOptions.defaults());
        }
        buffer = backend.allocateHostBuffer(InitRequest.DEFAULT_CHUNK_MIB << 20);
        tensor = TensorSpec.named("w", Shape.of(elements), DType.parseOutput(dtype));
        initializer = Initializers.withSeed(Initializers.get("random_normal"), 1L);
        Path base = Path.of(dir.isEmpty() ? (Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir")) : dir);
        folder = Files.createTempDirectory(base, "weightinit-pipeline");
        file = folder.resolve("w.safetensors");
        if ("write".equals(stage)) {
            channel = FileChannel.open(folder.resolve("w.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // Real values, not zero pages: as many as the buffer holds, or the tensor has if that is fewer.
            buffer.clear().limit((int) Math.min(buffer.capacity(), elements * tensor.dtype().bytes()));
            initializer.fill(tensor, 0, buffer, backend);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        if (channel != null) {
            channel.close();
        }
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(folder);
        backend.releaseHostBuffer(buffer);
        backend.close();
    }

    @Benchmark
    public long run() throws IOException {
        return switch (stage) {
            case "fill" -> fill();
            case "write" -> write();
            case "init" -> init();
            default -> throw new IllegalArgumentException("stage '" + stage + "' is not valid: expected fill, write or init");
        };
    }

    private long fill() {
        long perChunk = buffer.capacity() / tensor.dtype().bytes();
        long sum = 0;
        for (long start = 0; start < elements; start += perChunk) {
            long n = Math.min(perChunk, elements - start);
            buffer.clear().limit((int) (n * tensor.dtype().bytes()));
            initializer.fill(tensor, start, buffer, backend);
            sum += buffer.get(0);
        }
        return sum;
    }

    private long write() throws IOException {
        long bytes = elements * tensor.dtype().bytes();
        channel.truncate(0);
        long position = 0;
        while (position < bytes) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - position));
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        }
        return position;
    }

    private long init() throws IOException {
        List<SafetensorsHeader.Entry> entries = List.of(new SafetensorsHeader.Entry("w", tensor));
        List<TensorWriter.TensorStats> stats = SafetensorsFile.write(file, entries, Map.of("format", "pt"),
                List.of(new TensorWriter.Job("w", tensor, initializer)), backend, InitRequest.DEFAULT_CHUNK_MIB,
                (bytes, done, job) -> { }, new TensorWriter.Stages());
        return stats.get(0).count();
    }
}
