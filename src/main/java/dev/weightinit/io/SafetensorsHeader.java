package dev.weightinit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a safetensors file: an unsigned 64-bit little-endian length, then JSON mapping
 * each tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the data
 * section, contiguous, in the given order), plus {@code __metadata__} string pairs; the JSON is
 * padded with spaces so the data starts on an 8-byte boundary.
 */
public final class SafetensorsHeader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsHeader() {
    }

    /** A named tensor to place in the file. */
    public record Entry(String name, TensorSpec tensor) {
    }

    /**
     * @throws IllegalArgumentException for duplicate names or a name starting with {@code __}
     */
    public static ByteBuffer of(List<Entry> entries, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Entry entry : entries) {
            if (entry.name().startsWith("__")) {
                throw new IllegalArgumentException("tensor name '" + entry.name() + "' starts with __, reserved by safetensors");
            }
            long bytes = bytes(entry);
            if (bytes > Long.MAX_VALUE - offset) {
                throw new IllegalArgumentException("tensor " + entry.name() + " takes the file past 2^63 - 1 bytes");
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", entry.tensor().dtype().safetensorsName());
            info.put("shape", entry.tensor().shape().dims());
            info.put("data_offsets", new long[] {offset, offset + bytes});
            if (header.put(entry.name(), info) != null) {
                throw new IllegalArgumentException("tensor name '" + entry.name() + "' appears twice");
            }
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buffer = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(padded).put(json);
        while (buffer.hasRemaining()) {
            buffer.put((byte) ' ');
        }
        return buffer.flip();
    }

    /**
     * Data bytes of all entries together.
     *
     * @throws IllegalArgumentException naming the tensor at which the total passes 2^63 - 1
     */
    public static long dataBytes(List<Entry> entries) {
        long total = 0;
        for (Entry entry : entries) {
            long bytes = bytes(entry);
            if (bytes > Long.MAX_VALUE - total) {
                throw new IllegalArgumentException("tensor " + entry.name() + " takes the file past 2^63 - 1 bytes");
            }
            total += bytes;
        }
        return total;
    }

    private static long bytes(Entry entry) {
        long elements = entry.tensor().elementCount();
        int size = entry.tensor().dtype().bytes();
        if (elements > Long.MAX_VALUE / size) {
            throw new IllegalArgumentException("tensor " + entry.name() + " " + entry.tensor().shape() + " of "
                    + entry.tensor().dtype().specName() + " is more than 2^63 - 1 bytes");
        }
        return elements * size;
    }
}
