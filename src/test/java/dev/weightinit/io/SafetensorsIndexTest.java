package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SafetensorsIndex}: the index as transformers writes it ({@code json.dumps(index, indent=2,
 * sort_keys=True) + "\n"}, written out here by hand), and its {@code weight_map} read back as written.
 */
class SafetensorsIndexTest {
    @TempDir
    Path dir;

    @Test
    void anIndexIsTransformersJsonAndItsWeightMapReadsBack() throws IOException {
        byte[] index = SafetensorsIndex.of(Map.of("total_size", 12, "seed", "3"), Map.of("b", "model-00002-of-00002.safetensors",
                "a", "model-00001-of-00002.safetensors"));
        assertEquals("{\n  \"metadata\": {\n    \"seed\": \"3\",\n    \"total_size\": 12\n  },\n  \"weight_map\": {\n"
                + "    \"a\": \"model-00001-of-00002.safetensors\",\n    \"b\": \"model-00002-of-00002.safetensors\"\n  }\n}\n",
                new String(index, StandardCharsets.UTF_8));
        Path file = Files.write(dir.resolve("model.safetensors.index.json"), index);
        assertEquals(Map.of("a", "model-00001-of-00002.safetensors", "b", "model-00002-of-00002.safetensors"), SafetensorsIndex.weightMap(file));
    }

    @Test
    void anIndexWithoutAWeightMapObjectIsRefusedByName() throws IOException {
        for (String json : new String[] {"{\"metadata\": {}}", "{\"weight_map\": [\"a\"]}", "{\"weight_map\": \"a\"}"}) {
            Path file = Files.writeString(dir.resolve("index.json"), json);
            assertEquals(file + " has no \"weight_map\" object", assertThrows(IllegalArgumentException.class,
                    () -> SafetensorsIndex.weightMap(file)).getMessage(), json);
        }
    }
}
