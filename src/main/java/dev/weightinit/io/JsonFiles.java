package dev.weightinit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON file a user names (a model spec, an initializer config, a bench report) so that
 * every way it can be wrong is one clear message naming the file: missing, a folder, empty, not
 * JSON (with line and column), comments, nesting or strings past Jackson's limits, text after the
 * value. Thread-safe: stateless.
 */
public final class JsonFiles {
    /** The largest JSON input read (configs, specs, layouts, indexes, rules, records): 1 GB. */
    public static final long MAX_BYTES = 1_000_000_000L;

    private JsonFiles() {
    }

    /**
     * Reads a JSON document strictly: a regular file (links followed; FIFOs, devices and sockets are
     * refused before they are opened), at most {@link #MAX_BYTES}, one JSON value with nothing after it.
     *
     * @param what what the file is, for messages ("model spec")
     * @throws IllegalArgumentException naming the file and what is wrong with it
     * @throws UncheckedIOException     if it exists but cannot be read
     */
    public static <T> T read(Path file, String what, ObjectMapper mapper, Class<T> type) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(what + " " + file + " is a folder: expected a JSON file");
        }
        InputFiles.requireRegularFile(file, what); // missing, or not a regular file
        try {
            if (Files.size(file) == 0) {
                throw new IllegalArgumentException(what + " " + file + " is empty: expected a JSON document");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(what + " " + file + " is " + Files.size(file) + " bytes: JSON inputs are at most "
                        + MAX_BYTES + " bytes");
            }
            return mapper.copy().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            message = message.length() > 300 ? message.substring(0, 300) + "..." : message;
            throw new IllegalArgumentException(what + " " + file + " is not valid JSON: " + message.lines().findFirst().orElse("")
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
