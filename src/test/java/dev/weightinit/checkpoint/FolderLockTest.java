package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

    /** A {@link FolderLockHolder} in a child JVM that holds {@code folder}'s lock for {@code part} ("-": a plain run). */
    private static Process holder(Path folder, String part) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FolderLockHolder.class.getName(),
                folder.toString(), part).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("taken", line, "the holder took the lock");
        return process;
    }

    private static void release(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(60, TimeUnit.SECONDS), "the holder ended");
        assertEquals(0, holder.exitValue());
    }

    /**
     * Parts in two processes (the kernel's locks: one JVM cannot hold two overlapping locks): while
     * part 1/2 is held elsewhere, part 2/2 is taken here, and a plain run or part 1/2 again is
     * refused; the lock file stays while the other process holds its part, and the last one out
     * deletes it. While a plain run holds the folder elsewhere, every part is refused.
     */
    @Test
    void partsOfOneFolderRunSideBySideInTwoProcesses() throws Exception {
        Process first = holder(dir, "1/2");
        try {
            try (FolderLock second = FolderLock.take(dir, Part.parse("2/2"), false)) {
                assertTrue(Files.isRegularFile(dir.resolve(FolderLock.NAME)));
            }
            assertTrue(Files.isRegularFile(dir.resolve(FolderLock.NAME)), "part 1/2 still holds its lock: the file stays");
            assertEquals(dir + " is being written by another weightinit run: wait for it to end, or write elsewhere",
                    assertThrows(IllegalArgumentException.class, () -> FolderLock.take(dir, null, false)).getMessage());
            assertEquals(dir + " is being written by another weightinit run (a plain run, or part 1/2 again): wait for it to end, or "
                    + "write elsewhere", assertThrows(IllegalArgumentException.class, () -> FolderLock.take(dir, Part.parse("1/2"), false))
                    .getMessage());
        } finally {
            release(first);
        }
        assertFalse(Files.exists(dir.resolve(FolderLock.NAME)), "the last run out deleted it");

        Process plain = holder(dir, "-");
        try {
            for (String part : new String[] {"1/2", "2/2"}) {
                assertThrows(IllegalArgumentException.class, () -> FolderLock.take(dir, Part.parse(part), false), part);
            }
        } finally {
            release(plain);
        }
        FolderLock.take(dir, null, false).close();
    }

    /**
     * What the shutdown hook does for a stopped run: this process's partial files go, another's
     * stay, the lock file goes, and the folder this run created goes once empty, never otherwise.
     */
    @Test
    void aStoppedRunLeavesOnlyWhatOthersWrote() throws IOException {
        long pid = ProcessHandle.current().pid();
        Path made = Files.createDirectory(dir.resolve("made"));
        FolderLock lock = FolderLock.take(made, null, true);
        Files.writeString(made.resolve(".model.safetensors." + pid + ".abc.partial"), "mine");
        Files.writeString(made.resolve(".config.json." + pid + ".def.partial"), "mine");
        lock.abandon();
        lock.close(); // the hook is no longer needed
        assertFalse(Files.exists(made), "only this run's partial files and the lock file were in it");

        Path shared = Files.createDirectory(dir.resolve("shared"));
        FolderLock other = FolderLock.take(shared, null, true);
        String theirs = ".model.safetensors." + (pid + 1) + ".abc.partial";
        Files.writeString(shared.resolve(theirs), "another process's");
        Files.writeString(shared.resolve("." + pid + ".partial.txt"), "not a partial file");
        Files.writeString(shared.resolve("x." + pid + ".y.partial"), "not hidden: not a partial file");
        Files.writeString(shared.resolve(".model.safetensors." + pid + ".abc.partial"), "mine");
        other.abandon();
        other.close();
        try (java.util.stream.Stream<Path> entries = Files.list(shared)) {
            assertEquals(java.util.Set.of(theirs, "." + pid + ".partial.txt", "x." + pid + ".y.partial"),
                    entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }

        Path kept = Files.createDirectory(dir.resolve("kept"));
        FolderLock notMade = FolderLock.take(kept, null, false);
        notMade.abandon();
        notMade.close();
        assertTrue(Files.isDirectory(kept), "not created by this run");
        assertFalse(Files.exists(kept.resolve(FolderLock.NAME)));
    }

    /** The descriptors this JVM has open on {@code file} (Linux's {@code /proc/self/fd}; a deleted file's link ends in " (deleted)"). */
    private static long openDescriptors(Path file) throws IOException {
        long open = 0;
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(file.toString())) {
                        open++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since
                }
            }
        }
        return open;
    }

    /** A run that ends, or is refused, leaves no descriptor open on the lock file. */
    @Test
    void noDescriptorIsLeftOpenOnTheLockFile() throws IOException {
        Path lockFile = dir.resolve(FolderLock.NAME);
        try (FolderLock held = FolderLock.take(dir, null, false)) {
            assertEquals(1, openDescriptors(lockFile), "the run's own");
            for (int i = 0; i < 3; i++) {
                assertThrows(IllegalArgumentException.class, () -> FolderLock.take(dir, null, false));
            }
            assertEquals(1, openDescriptors(lockFile), "three refused runs left none");
        }
        assertEquals(0, openDescriptors(lockFile), "a closed run left none");
    }
}
