package dev.weightinit.hf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Hugging Face configs shipped with the tool (resources {@code /hf-configs/NAME.json}), the one
 * list of them: the command's help, {@code --preset}, {@code --hf-config} and the Spark job all read
 * it here. Thread-safe: stateless.
 */
public final class HfConfigs {
    /** The shipped configs' names, as help texts list them (a compile-time constant for annotations). */
    public static final String NAMES = "gpt2, llama-2-7b, llama-3.1-8b, mistral-7b, mixtral-8x7b, qwen2-7b";
    /** The shipped configs' names. */
    public static final List<String> SHIPPED = List.of(NAMES.split(", "));

    private HfConfigs() {
    }

    /**
     * The bytes of a config: a shipped one by name, else the file {@code nameOrPath}.
     *
     * @throws IllegalArgumentException when it is neither a shipped name nor a regular file
     */
    public static byte[] read(String nameOrPath) throws IOException {
        if (SHIPPED.contains(nameOrPath)) {
            try (InputStream in = HfConfigs.class.getResourceAsStream("/hf-configs/" + nameOrPath + ".json")) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException("shipped config " + nameOrPath + " is missing from the jar"));
                }
                return in.readAllBytes();
            }
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config " + nameOrPath + " is neither a file nor a shipped config: shipped are " + SHIPPED);
        }
        return Files.readAllBytes(file);
    }
}
