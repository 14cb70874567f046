package dev.weightinit.checkpoint;

import dev.weightinit.io.SafetensorsBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checkpoint layouts written by hand for the checkpoint tests: layout files, safetensors files, tensor entries. */
final class LayoutFiles {
    private LayoutFiles() {
    }

    /** A safetensors file of {@code header} (JSON) and {@code dataBytes} zero bytes. */
    static void safetensors(Path file, String header, int dataBytes) throws IOException {
        Files.write(file, SafetensorsBytes.of(header, dataBytes));
    }

    /** A one-file layout file in {@code dir} with these tensor entries ({@link #t}). */
    static Path layout(Path dir, String tensors) throws IOException {
        Path file = dir.resolve("layout-" + System.nanoTime() + ".json");
        Files.writeString(file, "{\"format\": \"weightinit-layout\", \"version\": 1, \"folder\": false, \"files\": [{\"name\": "
                + "\"model.safetensors\", \"metadata\": {\"format\": \"pt\"}, \"tensors\": [" + tensors + "]}]}");
        return file;
    }

    /** One tensor entry of a layout file. */
    static String t(String name, String dtype, String shape) {
        return "{\"name\": \"" + name + "\", \"dtype\": \"" + dtype + "\", \"shape\": " + shape + "}";
    }
}
