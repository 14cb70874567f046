package dev.weightinit.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * An output file that appears under its final name only when complete: data goes to a temporary
 * file {@code .NAME.PID.RANDOM.partial} in the same folder, {@link #commit()} renames it over the
 * target, and {@link #close()} without a commit deletes it. Two runs into the same target both
 * succeed, each atomically; the later rename wins. A shutdown hook deletes it too if the JVM is interrupted (Ctrl-C,
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
    private boolean finished;

    private AtomicOutputFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.cleanup = new Thread(this::deleteTemporary, "weightinit-delete-partial-output");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Opens a temporary file beside the file {@code target} names. A symbolic link is followed: its
     * target (created if the link dangles) is what gets replaced, atomically, and the link stays.
     * An existing file keeps its permissions (and its owner, where the process may set it).
     * Temporary files of earlier runs into the same target whose process is gone are removed.
     *
     * @throws IOException              with a message naming the folder when it does not exist or is not writable
     * @throws IllegalArgumentException if {@code target} is a folder, exists and is not a regular
     *                                  file (a FIFO or device: it is never replaced), or its
     *                                  parent is a file
     */
    public static AtomicOutputFile create(Path target) throws IOException {
        return create(target, true);
    }

    /**
     * Opens a temporary file for a file inside an output folder: unlike {@link #create(Path)}, a
     * symbolic link at {@code target} is not followed but replaced by the new file, so nothing
     * outside the folder is written through a link planted in it.
     *
     * @throws IOException              as {@link #create(Path)}
     * @throws IllegalArgumentException as {@link #create(Path)}
     */
    public static AtomicOutputFile createReplacingLinks(Path target) throws IOException {
        return create(target, false);
    }

    private static AtomicOutputFile create(Path target, boolean followLinks) throws IOException {
        Path absolute = followLinks ? resolveLinks(target.toAbsolutePath()) : target.toAbsolutePath();
        Path folder = absolute.getParent();
        if (folder != null && Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(target + ": " + folder + " is a file, not a folder");
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new NoSuchFileException(String.valueOf(folder), null, "output folder does not exist");
        }
        if (Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(absolute + " is a folder: the output needs a file name");
        }
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)
                && !(!followLinks && Files.isSymbolicLink(absolute))) {
            throw new IllegalArgumentException(target + " exists and is not a regular file (a FIFO, socket or device): "
                    + "weightinit replaces only regular files; choose another --out");
        }
        String prefix = temporaryPrefix(absolute.getFileName().toString());
        removeStalePartials(folder, prefix);
        Path temporary = folder.resolve(prefix + ProcessHandle.current().pid() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + ".partial");
        try {
            Files.createFile(temporary); // unlike createTempFile, keeps the umask's permissions
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(folder.toString(), null, "output folder is not writable");
        }
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.READ);
        return new AtomicOutputFile(absolute, temporary, channel);
    }

    /** The file a chain of symbolic links ends at (not yet existing for a dangling link). */
    private static Path resolveLinks(Path path) throws IOException {
        Path current = path;
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops > 40) {
                throw new IllegalArgumentException(path + " is a loop of symbolic links");
            }
            Path link = Files.readSymbolicLink(current);
            current = current.resolveSibling(link).normalize();
        }
        return current;
    }

    /**
     * {@code ".NAME."} with NAME shortened so that the whole temporary name, with the process id and
     * a random part, stays within 255 bytes of UTF-8 (the usual file-name limit).
     */
    static String temporaryPrefix(String name) {
        int budget = 255 - ".".length() - ".".length() - 20 - ".".length() - 13 - ".partial".length();
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            kept.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return "." + kept + ".";
    }

    private static final java.util.regex.Pattern PARTIAL = java.util.regex.Pattern.compile("\\..*\\.([0-9]{1,19})\\.[0-9a-z]{1,13}\\.partial");

    /**
     * Deletes every temporary file of this class ({@code .NAME.PID.RANDOM.partial}) in {@code folder}
     * whose process no longer runs: what a run killed with SIGKILL, or a crashed host, left.
     *
     * @return the names deleted
     */
    public static java.util.List<String> removeStalePartials(Path folder) {
        java.util.List<String> removed = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            for (Path p : files.toList()) {
                java.util.regex.Matcher m = PARTIAL.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && ProcessHandle.of(Long.parseLong(m.group(1))).map(h -> !h.isAlive()).orElse(true)) {
                    try {
                        Files.deleteIfExists(p);
                        removed.add(p.getFileName().toString());
                    } catch (IOException ignored) {
                        // another run may own or remove it
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException | NumberFormatException ignored) {
            // an unlistable folder: the writes that follow report what matters
        }
        return removed;
    }

    /** Deletes {@code PREFIX<pid>.<random>.partial} files whose process no longer runs. */
    private static void removeStalePartials(Path folder, String prefix) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            files.filter(p -> {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix) || !name.endsWith(".partial")) {
                    return false;
                }
                String[] rest = name.substring(prefix.length()).split("\\.");
                if (rest.length != 3) {
                    return false;
                }
                try {
                    long pid = Long.parseLong(rest[0]);
                    return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
                } catch (NumberFormatException e) {
                    return false;
                }
            }).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another run may own or remove it
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // an unlistable folder: the create below reports what matters
        }
    }

    /** Writes {@code content} to {@code target} atomically: all of it, or {@code target} untouched. */
    public static void write(Path target, byte[] content) throws IOException {
        try (AtomicOutputFile file = create(target)) {
            file.writeAt(ByteBuffer.wrap(content), 0);
            file.commit();
        }
    }

    /** {@link #write(Path, byte[])} of a file inside an output folder: a link at {@code target} is replaced, not followed. */
    public static void writeReplacingLinks(Path target, byte[] content) throws IOException {
        try (AtomicOutputFile file = createReplacingLinks(target)) {
            file.writeAt(ByteBuffer.wrap(content), 0);
            file.commit();
        }
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

    /**
     * Flushes the data to disk and closes the temporary file, which keeps its temporary name until
     * {@link #commit()}; a writer of several files finishes them all before it renames any.
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        channel.force(true);
        channel.close();
        keepAttributesOfTheReplacedFile();
        finished = true;
    }

    /** Removes from the new file every permission bit not in {@code allowed} (a copy is no more readable than its source). */
    public void restrictPermissions(java.util.Set<java.nio.file.attribute.PosixFilePermission> allowed) throws IOException {
        if (!Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> kept = new java.util.HashSet<>(Files.getPosixFilePermissions(temporary));
        kept.retainAll(allowed);
        Files.setPosixFilePermissions(temporary, kept);
    }

    /** Flushes the data to disk ({@link #finish()}) and renames the temporary file to the target. */
    public void commit() throws IOException {
        finish();
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        removeHook();
    }

    /** An existing target keeps its POSIX permissions, and its owner and group where the process may set them. */
    private void keepAttributesOfTheReplacedFile() throws IOException {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                || !Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(temporary, old.permissions());
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        try {
            view.setOwner(old.owner());
            view.setGroup(old.group());
        } catch (IOException notPermitted) {
            // only root (or the owner, for the group) may; the permissions are kept regardless
        }
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
