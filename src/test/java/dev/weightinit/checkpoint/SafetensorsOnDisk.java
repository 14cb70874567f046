package dev.weightinit.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A safetensors file as the format describes it, read here without the project's reader: 8 bytes
 * of little-endian header length, the JSON header, then the data, each tensor at its
 * {@code data_offsets} from the data's start.
 *
 * @param header    the JSON header, {@code __metadata__} included
 * @param dataStart where the data starts: 8 + the header's length
 * @param bytes     the whole file
 */
record SafetensorsOnDisk(JsonNode header, long dataStart, byte[] bytes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SafetensorsOnDisk read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new SafetensorsOnDisk(JSON.readTree(new String(bytes, 8, (int) length, StandardCharsets.UTF_8)), 8 + length, bytes);
    }

    /** Where tensor {@code name}'s bytes start in the file. */
    long start(String name) {
        return dataStart + header.get(name).get("data_offsets").get(0).asLong();
    }

    /** Tensor {@code name}'s bytes. */
    byte[] data(String name) {
        return Arrays.copyOfRange(bytes, (int) start(name), (int) (dataStart + header.get(name).get("data_offsets").get(1).asLong()));
    }
}
