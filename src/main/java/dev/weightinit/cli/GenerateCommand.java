package dev.weightinit.cli;

import dev.weightinit.core.Initializer;
import dev.weightinit.model.Dialects;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.backend.Backend;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.StreamSpec;
import dev.weightinit.checkpoint.ModelSeed;
import dev.weightinit.checkpoint.NpyRecord;
import dev.weightinit.core.HostComputedInitializer;
import dev.weightinit.core.Seeded;
import dev.weightinit.io.Format;
import dev.weightinit.io.NpyFile;
import dev.weightinit.keras.Initializers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One tensor, or a flat slice of it, to a NumPy .npy file. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write one tensor, or the flat slice [OFFSET, OFFSET+COUNT) of it as a 1-D array, to a NumPy .npy file, "
                + "and beside it FILE.npy.json, the record 'weightinit verify' remakes it from.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--initializer", required = true, paramLabel = "SPEC",
            description = "A Keras name or alias (he_normal), a PyTorch nn.init name (kaiming_normal_) or module default "
                    + "(torch.nn.Linear), a JSON config of either dialect, or @FILE holding one.")
    String initializer;

    @Option(names = "--shape", required = true, paramLabel = "D1,D2,...", description = "The tensor's shape.")
    String shape;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "DTYPE",
            description = "float32, float16, bfloat16 (written as <u2 bits) or float64. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @ArgGroup(exclusive = true)
    StreamChoice stream = new StreamChoice();

    static final class StreamChoice {
        @Option(names = "--stream", paramLabel = "N", description = "The tensor's stream id, unsigned 64-bit. Default: 0.")
        String stream;

        @Option(names = "--name", paramLabel = "TENSOR_NAME", description = "Use the stream of this tensor name (as init does).")
        String name;
    }

    @Option(names = "--offset", defaultValue = "0", paramLabel = "I", description = "First element of the slice. Default: 0.")
    long offset;

    @Option(names = "--count", paramLabel = "N", description = "Elements in the slice. Default: to the end.")
    Long count;

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "Output file (written whole or not at all).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Shape tensorShape = Shape.parse(shape);
        DType type = DType.parseOutput(dtype);
        Initializer parsed;
        try {
            parsed = Dialects.parse(readSpec(initializer));
        } catch (IllegalArgumentException e) {
            if (initializer.startsWith("@") && !e.getMessage().startsWith("initializer file ")) {
                throw new IllegalArgumentException("initializer file " + initializer.substring(1) + ": " + e.getMessage(), e);
            }
            throw e;
        }
        Initializer init = common.seed == null ? parsed : Initializers.withSeed(parsed, common.seed);
        long streamId = streamId();
        long total = tensorShape.elementCount();
        if (offset < 0 || offset > total) {
            throw new IllegalArgumentException("offset " + offset + " is outside the tensor " + tensorShape + " of " + total + " elements");
        }
        long n = count == null ? total - offset : count;
        boolean whole = offset == 0 && n == total;
        TensorSpec tensor = new TensorSpec(tensorShape, type, streamId);
        if (init instanceof HostComputedInitializer host) {
            host.slowWork(tensorShape).ifPresent(work -> err.println("generate: " + work));
        }
        long started = System.nanoTime();
        try (Backend backend = common.openBackend(err)) {
            NpyFile.write(out, tensor, init, offset, n, backend);
            new NpyRecord(tensor, init, offset, n).write(out); // what verify reads: NumPy refuses extra header keys
            double seconds = (System.nanoTime() - started) / 1e9;
            err.printf(Locale.ROOT, "wrote %s: %s %s %s%s, stream %s, stream spec %d, %s on %s (certified: %s) in %s%n", out,
                    init.className(), whole ? tensorShape : Shape.of(n), type.specName(),
                    whole ? "" : " (elements " + offset + ".." + (offset + n) + " of " + tensorShape + ")",
                    Long.toUnsignedString(streamId), init.streamSpecVersion(), Format.bytes(Files.size(out)), backend.id(),
                    backend.certification(), Format.duration(seconds));
            if (init instanceof Seeded seeded && seeded.seed().drawn()) {
                err.println(new ModelSeed(seeded.seed().value(), true).reproduceHint("this file"));
            }
        }
        return 0;
    }

    private long streamId() {
        if (stream.name != null) {
            return StreamSpec.streamOf(stream.name);
        }
        if (stream.stream == null) {
            return 0L;
        }
        try {
            return Long.parseUnsignedLong(stream.stream);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("stream '" + stream.stream + "' is not valid: expected an unsigned 64-bit integer");
        }
    }

    static String readSpec(String text) throws IOException {
        if (text.startsWith("@")) {
            Path file = Path.of(text.substring(1));
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("initializer file " + file + " does not exist");
            }
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("initializer file " + file + " is not a readable file");
            }
            String json = Files.readString(file);
            if (json.isBlank()) {
                throw new IllegalArgumentException("initializer file " + file + " is empty: expected a name or a JSON config");
            }
            return json;
        }
        return text;
    }
}
