package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OutputFolder} on local folders laid out by hand: a new folder is created (with its parents)
 * and reported as created; an empty one, or one holding only what a killed run leaves (the lock
 * file, {@code .NAME.partial} files), is written as it is; anything else needs {@code --overwrite} or
 * a part; a file in the folder's place is refused. Each refusal names the folder.
 */
class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void aNewFolderIsCreatedWithItsParentsAndSaysSo() throws IOException {
        Path folder = dir.resolve("a/b/c");
        assertTrue(OutputFolder.prepare(folder, "--hf-config", false, false));
        assertTrue(Files.isDirectory(folder));
        assertFalse(OutputFolder.prepare(folder, "--hf-config", false, false), "now it exists, empty");
        assertFalse(OutputFolder.check(OutputFolder.local(dir.resolve("missing")), "missing", "--hf-config", false, false));
        assertFalse(Files.exists(dir.resolve("missing")), "check creates nothing");
    }

    @Test
    void whatAKilledRunLeavesCountsAsEmptyAndNothingElseDoes() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out"));
        Files.writeString(folder.resolve(FolderLock.NAME), "");
        Files.writeString(folder.resolve(".model.safetensors.123.abc.partial"), "x");
        assertTrue(OutputFolder.local(folder).isEmpty());
        assertFalse(OutputFolder.prepare(folder, "--hf-config", false, false));
        for (String other : new String[] {"config.json", ".hidden", "x.partial", ".lock"}) {
            Path file = Files.writeString(folder.resolve(other), "x");
            assertFalse(OutputFolder.local(folder).isEmpty(), other);
            assertEquals(folder + " exists and is not empty: use --overwrite to write into it", assertThrows(IllegalArgumentException.class,
                    () -> OutputFolder.prepare(folder, "--hf-config", false, false)).getMessage());
            assertFalse(OutputFolder.prepare(folder, "--hf-config", true, false), "--overwrite");
            assertFalse(OutputFolder.prepare(folder, "--hf-config", false, true), "a part");
            Files.delete(file);
        }
    }

    @Test
    void aFileInTheFoldersPlaceIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("model"), "x");
        assertEquals(file + " is a file: the job writes a folder", assertThrows(IllegalArgumentException.class,
                () -> OutputFolder.prepare(file, "the job", true, true)).getMessage());
        assertTrue(OutputFolder.local(dir).isDirectory());
        assertFalse(OutputFolder.local(file).isDirectory());
        assertTrue(OutputFolder.local(file).exists());
    }
}
