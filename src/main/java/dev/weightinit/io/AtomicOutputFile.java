package dev.weightinit.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file that appears under its final name only when complete: data goes to a temporary
 * file in the same folder, {@link #commit()} renames it over the target, and {@link #close()}
 * without a commit deletes it. A shutdown hook deletes it too if the JVM is interrupted (Ctrl-C,
 * SIGTERM) before the commit, so no file with the final name is ever partial.
 *
 * <p>Not thread-safe: one writer.
 */
public final class AtomicOutputFile implements AutoCloseable {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final Thread cleanup;
    private boolean committed;

    private AtomicOutputFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.cleanup = new Thread(this::deleteTemporary, "weightinit-delete-partial-output");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Opens a temporary file beside {@code target}.
     *
     * @throws IOException              with a message naming the folder when it does not exist or is not writable
     * @throws IllegalArgumentException if {@code target} is a folder
     */
    public static AtomicOutputFile create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new NoSuchFileException(String.valueOf(folder), null, "output folder does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(absolute + " is a folder: the output needs a file name");
        }
        Path temporary = folder.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".partial");
        try {
            Files.createFile(temporary); // unlike createTempFile, keeps the umask's permissions
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(folder.toString(), null, "output folder is not writable");
        }
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.READ);
        return new AtomicOutputFile(absolute, temporary, channel);
    }

    public FileChannel channel() {
        return channel;
    }

    /**
     * Writes all of {@code data}'s remaining bytes at {@code position} of the temporary file.
     *
     * @return the position after them
     */
    public long writeAt(ByteBuffer data, long position) throws IOException {
        while (data.hasRemaining()) {
            position += channel().write(data, position);
        }
        return position;
    }

    public Path target() {
        return target;
    }

    /** Flushes the data to disk and renames the temporary file to the target. */
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        removeHook();
    }

    /** Deletes the temporary file unless committed. Idempotent. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort; the delete below is what matters
        }
        if (!committed) {
            deleteTemporary();
        }
        removeHook();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to run; it deletes only an uncommitted file
        }
    }

    private void deleteTemporary() {
        if (!committed) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // nothing more can be done while exiting
            }
        }
    }
}
