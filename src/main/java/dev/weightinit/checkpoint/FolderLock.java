package dev.weightinit.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps runs that would mix two models out of one folder, with POSIX record locks on
 * {@value #NAME} inside it: a plain run holds byte 0 exclusively; a part K of N holds byte 0
 * shared and byte K exclusively, so parts of one model run at once while the same part twice, or a
 * plain run against a part, exclude each other. The second run exits 2 naming the folder. The last
 * run to leave deletes the lock file, so a finished folder holds only the model. Locks are the
 * kernel's: a killed run's lock goes with its process. Not thread-safe; one per run.
 */
final class FolderLock implements AutoCloseable {
    /** The lock file inside the output folder. */
    static final String NAME = ".weightinit.lock";
    /** How long to wait out a run that is deleting the lock file as it leaves. */
    private static final long SETTLE_NANOS = 2_000_000_000L;

    private final Path file;
    private final FileChannel channel;
    private final List<FileLock> locks = new ArrayList<>();

    /**
     * When the JVM is stopped by a signal before {@link #close()}: removes this process's partial
     * files, releases the locks and removes the lock file, and removes the folder when this run
     * created it and it is empty, so a stopped run into a new folder leaves nothing behind.
     */
    private final Thread onExit = new Thread(this::abandon, "weightinit-release-folder-lock");
    private volatile boolean created;

    private FolderLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * What the shutdown hook does for a run stopped before {@link #close()}: deletes this process's
     * partial files in the folder ({@code .NAME.PID.RANDOM.partial}), releases the locks (deleting the
     * lock file when no other run holds one), and removes the folder if this run created it and it is
     * now empty. Other processes' partial files are left to them.
     */
    void abandon() {
        Path folder = file.getParent();
        String mine = "." + ProcessHandle.current().pid() + ".";
        try (java.util.stream.Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".partial") && name.contains(mine)) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the partial files' own hooks delete them too
        }
        release(true);
        removeFolderIfEmptyAndNew();
    }

    /** Removes the folder if this run created it and nothing is in it (a failed or stopped run). */
    void removeFolderIfEmptyAndNew() {
        if (created) {
            deleteIfEmpty(file.getParent());
        }
    }

    /** Deletes {@code folder} if it is empty; keeps it, silently, when anything is in it. */
    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder); // fails, and keeps the folder, unless it is empty
        } catch (IOException notEmpty) {
            // something is in it: it is kept
        }
    }

    /**
     * Takes the folder for a plain run ({@code part} null) or for one part.
     *
     * @param created whether this run made the folder: if the run does not finish (or the lock cannot
     *                be taken) the folder is removed again when it is left empty
     * @throws IllegalArgumentException naming the folder when another run holds what this one needs
     */
    static FolderLock take(Path folder, Part part, boolean created) throws IOException {
        FolderLock lock;
        try {
            lock = acquire(folder, part);
        } catch (IOException | RuntimeException e) {
            if (created) {
                deleteIfEmpty(folder); // another run's lock file keeps it: the refusal is what the user needs to read
            }
            throw e;
        }
        lock.created = created;
        return lock;
    }

    private static FolderLock acquire(Path folder, Part part) throws IOException {
        Path file = folder.resolve(NAME);
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (true) {
            if (Files.isSymbolicLink(file)) {
                Files.delete(file); // a planted link is replaced, never followed
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            Object key = fileKey(file);
            FolderLock lock = new FolderLock(file, channel);
            boolean held = lock.tryLock(0, part != null) && (part == null || lock.tryLock(part.k(), false));
            boolean same = key != null && Objects.equals(key, fileKey(file));
            if (held && same) {
                Runtime.getRuntime().addShutdownHook(lock.onExit);
                return lock;
            }
            lock.release(false);
            if (!held && same || System.nanoTime() > deadline) { // held by a run that is not leaving
                throw new IllegalArgumentException(folder + " is being written by another weightinit run"
                        + (part != null ? " (a plain run, or part " + part + " again)" : "") + ": wait for it to end, or write "
                        + "elsewhere");
            }
            try {
                Thread.sleep(20); // the lock file was replaced while we opened it: a run leaving; try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while taking " + file, e);
            }
        }
    }

    private boolean tryLock(long position, boolean shared) throws IOException {
        try {
            FileLock lock = channel.tryLock(position, 1, shared);
            if (lock == null) {
                return false;
            }
            locks.add(lock);
            return true;
        } catch (OverlappingFileLockException sameProcess) {
            return false; // another run in this JVM holds it
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Releases this run's locks, and deletes the lock file when no other run holds any. */
    @Override
    public void close() {
        release(true);
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
            // the hook runs now, or was never added; release is idempotent
        }
    }

    private synchronized void release(boolean deleteWhenLast) {
        if (!channel.isOpen()) {
            return;
        }
        for (FileLock lock : locks) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it anyway
            }
        }
        locks.clear();
        try {
            if (deleteWhenLast) {
                FileLock whole = null;
                try {
                    whole = channel.tryLock(0, Long.MAX_VALUE, false);
                } catch (OverlappingFileLockException sameProcess) {
                    whole = null;
                }
                if (whole != null) {
                    Files.deleteIfExists(file); // the last run out removes it while it holds every byte
                    whole.release();
                }
            }
            channel.close();
        } catch (IOException ignored) {
            // a lock file left behind holds no lock; the next run takes it
        }
    }
}
