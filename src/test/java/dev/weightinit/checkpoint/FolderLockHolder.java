package dev.weightinit.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for {@link FolderLockTest}: takes {@code FOLDER}'s lock (for part {@code K/N}, or
 * a plain run for {@code -}), prints {@code taken}, holds it until its standard input ends, then
 * closes it.
 */
final class FolderLockHolder {
    private FolderLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (FolderLock lock = FolderLock.take(Path.of(args[0]), "-".equals(args[1]) ? null : Part.parse(args[1]), false)) {
            System.out.println("taken");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test closes our input
            }
        }
    }
}
