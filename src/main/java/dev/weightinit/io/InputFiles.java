package dev.weightinit.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check every input path passes before it is opened: after following links it must be a
 * regular file, never a FIFO, a device or a socket (opening one can block forever or read without
 * end). Thread-safe: stateless.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * @param what what the file is, for messages ("layout file")
     * @throws IllegalArgumentException naming the path: missing, a folder, or not a regular file
     */
    public static Path requireRegularFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(what + " " + file + " is a folder: expected a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a regular file (a FIFO, socket or device): expected a file");
        }
        return file;
    }
}
