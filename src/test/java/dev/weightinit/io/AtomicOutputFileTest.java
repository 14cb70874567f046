package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The atomic output file, call by call: names of temporaries within 255 bytes of UTF-8, links
 * followed, what is refused and why, stale partials of dead processes only removed, permissions of
 * a replaced file kept, and nothing left behind without a commit.
 */
class AtomicOutputFileTest {
    @TempDir
    Path dir;

    /** 255 - "." - "." - 20 (pid) - "." - 13 (random) - ".partial" = 211 bytes of the name. */
    @Test
    void temporaryNamesStayWithin255BytesOfUtf8() {
        assertEquals(".model.safetensors.", AtomicOutputFile.temporaryPrefix("model.safetensors"));
        assertEquals("." + "a".repeat(211) + ".", AtomicOutputFile.temporaryPrefix("a".repeat(211)));
        assertEquals("." + "a".repeat(211) + ".", AtomicOutputFile.temporaryPrefix("a".repeat(300)));
        assertEquals("." + "é".repeat(105) + ".", AtomicOutputFile.temporaryPrefix("é".repeat(200)), "2 bytes each: 105 fit in 211");
        assertEquals("." + "\uD83D\uDE00".repeat(52) + ".", AtomicOutputFile.temporaryPrefix("\uD83D\uDE00".repeat(60)),
                "4 bytes each, never split: 52 fit");
        assertEquals("." + "a".repeat(210) + ".", AtomicOutputFile.temporaryPrefix("a".repeat(210) + "é"), "a character that would pass 211");
    }

    @Test
    void aFileAppearsOnlyOnCommitAndNothingIsLeftWithout() throws IOException {
        Path target = dir.resolve("out.bin");
        try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
            assertEquals(7, file.writeAt(ByteBuffer.wrap("weights".getBytes(StandardCharsets.UTF_8)), 0));
            assertEquals(10, file.writeAt(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), 7));
            assertFalse(Files.exists(target), "not before the commit");
            assertEquals(target.toAbsolutePath(), file.target());
            file.commit();
            assertFalse(file.channel().isOpen(), "a commit closes the channel");
        }
        assertEquals("weightsabc", Files.readString(target));
        assertEquals(List.of(target), list());
        try (AtomicOutputFile file = AtomicOutputFile.create(target)) {
            file.writeAt(ByteBuffer.wrap(new byte[] {1}), 0);
            assertEquals(2, list().size(), "the temporary beside it");
            file.close();
            assertFalse(file.channel().isOpen(), "closing closes the channel");
            file.close(); // idempotent
        }
        assertEquals(List.of(target), list(), "closed without a commit: the temporary is gone");
        assertEquals("weightsabc", Files.readString(target), "and the old file is untouched");
        AtomicOutputFile.write(target, new byte[] {9, 8});
        assertArrayEquals(new byte[] {9, 8}, Files.readAllBytes(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path target = dir.resolve("kept.bin");
        Files.write(target, new byte[] {1});
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        AtomicOutputFile.write(target, new byte[] {2, 3});
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        AtomicOutputFile.write(target, new byte[] {4});
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    /** Only root may give a file away: as root the replaced file's owner and group are kept (skipped for other users). */
    @Test
    void aReplacedFileKeepsItsOwnerWhereTheProcessMaySetIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root may set another owner; CI runs as root");
        Path target = Files.write(dir.resolve("owned.bin"), new byte[] {1});
        assertEquals(0, new ProcessBuilder("chown", "65534:65534", target.toString()).start().waitFor());
        AtomicOutputFile.write(target, new byte[] {2});
        assertEquals(65534, Files.getAttribute(target, "unix:uid"));
        assertEquals(65534, Files.getAttribute(target, "unix:gid"));
    }

    @Test
    void linksAreFollowedAndTheLinkStays() throws IOException {
        Path real = dir.resolve("real.bin");
        Files.write(real, new byte[] {1});
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), Path.of("real.bin"));
        Path chain = Files.createSymbolicLink(dir.resolve("chain.bin"), Path.of("link.bin"));
        AtomicOutputFile.write(chain, new byte[] {5, 6});
        assertTrue(Files.isSymbolicLink(chain) && Files.isSymbolicLink(link));
        assertArrayEquals(new byte[] {5, 6}, Files.readAllBytes(real));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.bin"), Path.of("made.bin"));
        AtomicOutputFile.write(dangling, new byte[] {7});
        assertTrue(Files.isSymbolicLink(dangling));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(dir.resolve("made.bin")));
        // Links are followed one by one, up to 41 of them; the 42nd is taken for a loop.
        Path end = Files.write(dir.resolve("end.bin"), new byte[0]);
        Path previous = end;
        for (int i = 1; i <= 42; i++) {
            previous = Files.createSymbolicLink(dir.resolve("hop" + i), previous.getFileName());
            if (i == 41) {
                AtomicOutputFile.write(previous, new byte[] {4});
                assertArrayEquals(new byte[] {4}, Files.readAllBytes(end), "41 links");
            }
        }
        Path last = previous;
        assertEquals(last.toAbsolutePath() + " is a loop of symbolic links", assertThrows(IllegalArgumentException.class,
                () -> AtomicOutputFile.create(last)).getMessage(), "42 links");
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        assertEquals(a.toAbsolutePath() + " is a loop of symbolic links", assertThrows(IllegalArgumentException.class,
                () -> AtomicOutputFile.create(a)).getMessage());
    }

    @Test
    void targetsThatCannotBeReplacedAreRefused() throws Exception {
        Path file = Files.write(dir.resolve("file"), new byte[0]);
        Path under = file.resolve("x.bin");
        assertEquals(under + ": " + file.toAbsolutePath() + " is a file, not a folder",
                assertThrows(IllegalArgumentException.class, () -> AtomicOutputFile.create(under)).getMessage());
        Path nowhere = dir.resolve("no").resolve("x.bin");
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> AtomicOutputFile.create(nowhere));
        assertEquals(dir.resolve("no").toAbsolutePath() + ": output folder does not exist", missing.getMessage());
        Path folder = Files.createDirectory(dir.resolve("folder"));
        assertEquals(folder.toAbsolutePath() + " is a folder: the output needs a file name",
                assertThrows(IllegalArgumentException.class, () -> AtomicOutputFile.create(folder)).getMessage());
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(fifo + " exists and is not a regular file (a FIFO, socket or device): weightinit replaces only regular files; "
                + "choose another --out", assertThrows(IllegalArgumentException.class, () -> AtomicOutputFile.create(fifo)).getMessage());
        assertTrue(Files.exists(fifo), "never replaced");
    }

    @Test
    void onlyPartialsOfDeadProcessesAreRemoved() throws IOException {
        long dead = deadPid();
        long alive = ProcessHandle.current().pid();
        List<String> names = List.of(".out.bin." + dead + ".abc.partial", ".out.bin." + alive + ".abc.partial",
                ".out.bin.notapid.abc.partial", ".out.bin." + dead + ".a.b.partial", ".out.bin." + dead + ".abc.tmp",
                ".other.bin." + dead + ".abc.partial", "out.bin." + dead + ".abc.partial");
        for (String name : names) {
            Files.write(dir.resolve(name), new byte[0]);
        }
        AtomicOutputFile.write(dir.resolve("out.bin"), new byte[] {1});
        List<String> left = list().stream().map(p -> p.getFileName().toString()).sorted().toList();
        assertEquals(Stream.concat(names.stream().skip(1), Stream.of("out.bin")).sorted().toList(), left,
                "only the partial of the dead process " + dead + " is gone");
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertFalse(p.isAlive());
        return p.pid();
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /**
     * Inside an output folder a link at the target is replaced by the new file, never written
     * through: {@link AtomicOutputFile#createReplacingLinks} and {@link AtomicOutputFile#writeReplacingLinks},
     * for a link to a file and a dangling one.
     */
    @Test
    void aLinkInAnOutputFolderIsReplacedNotFollowed() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
        Path folder = Files.createDirectory(dir.resolve("out"));
        Path linked = Files.createSymbolicLink(folder.resolve("model.safetensors"), outside);
        try (AtomicOutputFile file = AtomicOutputFile.createReplacingLinks(linked)) {
            file.writeAt(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)), 0);
            file.commit();
        }
        assertFalse(Files.isSymbolicLink(linked));
        assertEquals("new", Files.readString(linked));
        Path dangling = Files.createSymbolicLink(folder.resolve("config.json"), dir.resolve("nowhere.json"));
        AtomicOutputFile.writeReplacingLinks(dangling, "{}".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.isSymbolicLink(dangling));
        assertEquals("{}", Files.readString(dangling));
        assertFalse(Files.exists(dir.resolve("nowhere.json")), "nothing made where the link pointed");
        assertEquals("keep", Files.readString(outside));
    }

    /** The public sweep of a folder: partial files of gone processes are removed and named, a live one's kept. */
    @Test
    void theSweepOfAFolderNamesWhatItRemoved() throws IOException {
        long alive = ProcessHandle.current().pid();
        String gone = ".model.safetensors." + Long.MAX_VALUE + ".abc.partial";
        String live = ".config.json." + alive + ".abc.partial";
        Files.write(dir.resolve(gone), new byte[0]);
        Files.write(dir.resolve(live), new byte[0]);
        assertEquals(List.of(gone), AtomicOutputFile.removeStalePartials(dir));
        assertEquals(List.of(dir.resolve(live)), list());
    }
}
