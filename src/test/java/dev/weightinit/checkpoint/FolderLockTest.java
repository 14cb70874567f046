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
 * {@link FolderLock} within one JVM (the kernel's locks between processes are checked through the
 * CLI in child JVMs): a second run is refused at once naming the folder (and the part), the last run
 * out deletes the lock file so the folder holds only the model, a planted link is replaced and never
 * followed, and a folder this run created is removed when the run leaves it empty, never otherwise.
 */
class FolderLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunIsRefusedNamingTheFolderAndThePart() throws IOException {
        try (FolderLock first = FolderLock.take(dir, null, false)) {
            assertTrue(Files.isRegularFile(dir.resolve(FolderLock.NAME)));
            assertEquals(dir + " is being written by another weightinit run: wait for it to end, or write elsewhere",
                    assertThrows(IllegalArgumentException.class, () -> FolderLock.take(dir, null, false)).getMessage());
        }
        try (FolderLock part = FolderLock.take(dir, Part.parse("1/2"), false)) {
            assertEquals(dir + " is being written by another weightinit run (a plain run, or part 1/2 again): wait for it to end, or "
                    + "write elsewhere", assertThrows(IllegalArgumentException.class, () -> FolderLock.take(dir, Part.parse("1/2"), false))
                    .getMessage());
        }
        assertFalse(Files.exists(dir.resolve(FolderLock.NAME)), "the last run out deletes the lock file");
        FolderLock.take(dir, null, false).close();
    }

    @Test
    void aPlantedLinkIsReplacedAndItsTargetUntouched() throws IOException {
        Path target = Files.writeString(dir.resolve("precious.txt"), "keep");
        Path folder = Files.createDirectory(dir.resolve("out"));
        Files.createSymbolicLink(folder.resolve(FolderLock.NAME), target);
        try (FolderLock lock = FolderLock.take(folder, null, false)) {
            assertFalse(Files.isSymbolicLink(folder.resolve(FolderLock.NAME)));
        }
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void onlyAFolderThisRunCreatedAndLeftEmptyIsRemoved() throws IOException {
        Path made = Files.createDirectory(dir.resolve("made"));
        FolderLock lock = FolderLock.take(made, null, true);
        lock.close();
        lock.removeFolderIfEmptyAndNew();
        assertFalse(Files.exists(made), "created by this run and empty");

        Path kept = Files.createDirectory(dir.resolve("kept"));
        FolderLock notCreated = FolderLock.take(kept, null, false);
        notCreated.close();
        notCreated.removeFolderIfEmptyAndNew();
        assertTrue(Files.isDirectory(kept), "not created by this run");

        Path full = Files.createDirectory(dir.resolve("full"));
        FolderLock withFile = FolderLock.take(full, null, true);
        Files.writeString(full.resolve("model.safetensors"), "x");
        withFile.close();
        withFile.removeFolderIfEmptyAndNew();
        assertTrue(Files.exists(full.resolve("model.safetensors")), "not empty");

        Path refused = Files.createDirectory(dir.resolve("refused"));
        try (FolderLock holder = FolderLock.take(refused, null, false)) {
            assertThrows(IllegalArgumentException.class, () -> FolderLock.take(refused, null, true));
            assertTrue(Files.isDirectory(refused), "the lock file keeps it: it is not empty");
        }
    }
}
