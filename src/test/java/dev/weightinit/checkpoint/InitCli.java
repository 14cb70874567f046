package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weightinit.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code weightinit init ARGS --device cpu --progress none} in this JVM, for the writers' tests. */
final class InitCli {
    private InitCli() {
    }

    static CliRunner init(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--device", "cpu", "--progress", "none"}, 0, all, args.length + 1, 4);
        return CliRunner.run(all);
    }

    /**
     * {@code DIR/NAME.safetensors} written from a spec of these tensor entries (JSON objects, comma
     * separated) with {@code --seed seed}.
     */
    static Path specFile(Path dir, String name, long seed, String tensors) throws IOException {
        Path spec = Files.writeString(dir.resolve(name + ".json"), "{\"tensors\": [" + tensors + "]}");
        Path file = dir.resolve(name + ".safetensors");
        CliRunner run = init("--spec", spec.toString(), "--seed", Long.toString(seed), "--out", file.toString());
        assertEquals(0, run.status(), run.err());
        return file;
    }
}
