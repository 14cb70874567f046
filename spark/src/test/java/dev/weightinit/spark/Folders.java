package dev.weightinit.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Whole folders compared byte for byte, hidden files and subfolders included. */
final class Folders {
    private Folders() {
    }

    /** Every file under {@code folder} (hidden ones and subfolders included), by relative name. */
    static TreeMap<String, byte[]> files(Path folder) throws IOException {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(p -> !p.equals(folder)).toList()) {
                files.put(folder.relativize(p).toString(), Files.isDirectory(p) ? new byte[0] : Files.readAllBytes(p));
            }
        }
        return files;
    }

    static void assertSame(Path expected, Path actual) throws IOException {
        TreeMap<String, byte[]> want = files(expected);
        TreeMap<String, byte[]> got = files(actual);
        assertEquals(want.keySet(), got.keySet(), "file names");
        for (String name : want.keySet()) {
            assertArrayEquals(want.get(name), got.get(name), name);
        }
    }
}
