package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JsonFiles}: the JSON files users hand the tool, each problem named with the file; every message written out. */
class JsonFilesTest {
    @TempDir
    Path dir;

    private Path file(String header, int dataBytes) throws IOException {
        return Files.write(dir.resolve("f" + System.nanoTime() + ".safetensors"), SafetensorsBytes.of(header, dataBytes));
    }

    @Test
    void jsonFilesNameWhatIsWrongWithThem() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path none = dir.resolve("none.json");
        assertEquals("model spec " + none + " does not exist", jsonError(none, json));
        assertEquals("model spec " + dir + " is a folder: expected a JSON file", jsonError(dir, json));
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertEquals("model spec " + empty + " is empty: expected a JSON document", jsonError(empty, json));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"a\": }");
        String message = jsonError(broken, json);
        assertTrue(message.startsWith("model spec " + broken + " is not valid JSON: Unexpected character ('}'"), message);
        assertTrue(message.endsWith(" (line 2, column 8)"), message);
        Path longKey = Files.writeString(dir.resolve("long.json"), "{\"a\": " + "k".repeat(400) + "}");
        String cut = jsonError(longKey, json);
        int reason = cut.indexOf("is not valid JSON: ") + "is not valid JSON: ".length();
        assertEquals(300 + 3, cut.indexOf(" (line ") - reason, "the parser's message cut at 300 characters, then '...': " + cut);
        assertTrue(cut.substring(0, cut.indexOf(" (line ")).endsWith("..."), cut);
        // The parser's own message is kept whole up to 300 characters: find the token length that makes it exactly 300.
        int edges = 0;
        for (int k = 1; k < 400; k++) {
            String text = "{\"a\": " + "k".repeat(k) + "}";
            String raw;
            try {
                json.readTree(text);
                continue;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                raw = e.getOriginalMessage();
            }
            if (raw.length() == 300 || raw.length() == 301) {
                edges++;
                Path edge = Files.writeString(dir.resolve("edge" + k + ".json"), text);
                String shown = jsonError(edge, json);
                String kept = shown.substring(shown.indexOf("is not valid JSON: ") + "is not valid JSON: ".length(), shown.indexOf(" (line "));
                assertEquals(raw.length() == 300 ? raw.lines().findFirst().orElseThrow() : raw.substring(0, 300) + "...", kept,
                        raw.length() + " characters");
            }
        }
        assertEquals(2, edges, "a message of exactly 300 and one of 301 characters were tried");
        Path good = Files.writeString(dir.resolve("good.json"), "{\"a\": [1, 2]}");
        assertEquals(2, JsonFiles.read(good, "model spec", json, JsonNode.class).get("a").size());
    }

    private static String jsonError(Path file, ObjectMapper json) {
        return assertThrows(IllegalArgumentException.class, () -> JsonFiles.read(file, "model spec", json, JsonNode.class)).getMessage();
    }

    /**
     * The size limit: a file of exactly {@link JsonFiles#MAX_BYTES} is read (here it is not JSON, so
     * the parser refuses it), one byte more is refused for its size before it is read. Sparse files:
     * no data is written.
     */
    @Test
    void aFileOfExactlyTheLimitIsReadAndOneByteMoreIsNot() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path limit = dir.resolve("limit.json");
        Path over = dir.resolve("over.json");
        try (java.io.RandomAccessFile atLimit = new java.io.RandomAccessFile(limit.toFile(), "rw");
             java.io.RandomAccessFile pastLimit = new java.io.RandomAccessFile(over.toFile(), "rw")) {
            atLimit.setLength(JsonFiles.MAX_BYTES);
            pastLimit.setLength(JsonFiles.MAX_BYTES + 1);
        }
        String read = jsonError(limit, json);
        assertTrue(read.startsWith("model spec " + limit + " is not valid JSON: "), read);
        assertEquals("model spec " + over + " is " + (JsonFiles.MAX_BYTES + 1) + " bytes: JSON inputs are at most " + JsonFiles.MAX_BYTES
                + " bytes", jsonError(over, json));
    }

    /** {@link InputFiles#requireRegularFile}: the file itself when it is one; otherwise what it is instead, named. */
    @Test
    void onlyARegularFileIsAnInputFile() throws IOException {
        Path file = Files.writeString(dir.resolve("spec.json"), "{}");
        assertEquals(file, InputFiles.requireRegularFile(file, "model spec"));
        Path none = dir.resolve("none.json");
        Path device = Files.createSymbolicLink(dir.resolve("device.json"), Path.of("/dev/null"));
        assertEquals("model spec " + none + " does not exist",
                assertThrows(IllegalArgumentException.class, () -> InputFiles.requireRegularFile(none, "model spec")).getMessage());
        assertEquals("model spec " + dir + " is a folder: expected a file",
                assertThrows(IllegalArgumentException.class, () -> InputFiles.requireRegularFile(dir, "model spec")).getMessage());
        assertEquals("model spec " + device + " is not a regular file (a FIFO, socket or device): expected a file",
                assertThrows(IllegalArgumentException.class, () -> InputFiles.requireRegularFile(device, "model spec")).getMessage());
        assertEquals("model spec " + device + " is not a regular file (a FIFO, socket or device): expected a file", jsonError(device,
                new ObjectMapper()), "a JSON input too");
    }
}
