package dev.weightinit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code model.safetensors.index.json} as transformers writes it:
 * {@code json.dumps(index, indent=2, sort_keys=True) + "\n"}, a {@code metadata} object and the
 * {@code weight_map} of every tensor to its shard. Thread-safe: stateless.
 */
public final class SafetensorsIndex {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsIndex() {
    }

    /**
     * @param metadata   values are strings or numbers (numbers are written bare)
     * @param weightMap  every tensor's shard file
     */
    public static byte[] of(Map<String, ?> metadata, Map<String, String> weightMap) {
        StringBuilder json = new StringBuilder("{\n  \"metadata\": {\n");
        appendObject(json, new TreeMap<>(metadata));
        json.append("  },\n  \"weight_map\": {\n");
        appendObject(json, new TreeMap<>(weightMap));
        return json.append("  }\n}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code weight_map} of an index file: every tensor's shard, as written (names unchecked).
     *
     * @throws IllegalArgumentException naming the file when it is not JSON or has no {@code weight_map} object
     */
    public static Map<String, String> weightMap(java.nio.file.Path index) {
        com.fasterxml.jackson.databind.JsonNode map = JsonFiles.read(index, "index", JSON, com.fasterxml.jackson.databind.JsonNode.class)
                .path("weight_map");
        if (!map.isObject()) {
            throw new IllegalArgumentException(index + " has no \"weight_map\" object");
        }
        Map<String, String> weights = new java.util.LinkedHashMap<>();
        map.fields().forEachRemaining(e -> weights.put(e.getKey(), e.getValue().asText()));
        return weights;
    }

    private static void appendObject(StringBuilder json, Map<String, ?> sorted) {
        int k = 0;
        for (Map.Entry<String, ?> e : sorted.entrySet()) {
            Object value = e.getValue();
            json.append("    ").append(quote(e.getKey())).append(": ").append(value instanceof Number ? value.toString() : quote(String.valueOf(value)))
                    .append(++k < sorted.size() ? ",\n" : "\n");
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
