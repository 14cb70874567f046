package dev.weightinit.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The rules for an output folder, the one copy every writer of a folder follows ({@code init
 * --hf-config}, {@code init --like} of a folder, the Spark job): a path that is a file is refused;
 * a folder that is not empty is refused unless the run is {@code --overwrite} or one
 * {@code --part} of several (parts write one folder together); a missing folder is created, its
 * parents too. Checked before any value is generated. Thread-safe: stateless.
 */
public final class OutputFolder {
    /** The output folder as a file system sees it: the local one, or Hadoop's in the Spark job. */
    public interface Storage {
        boolean exists() throws IOException;

        boolean isDirectory() throws IOException;

        /** Whether the folder holds no entry (called only on a folder that exists). */
        boolean isEmpty() throws IOException;

        /** Creates the folder and its parents. */
        void create() throws IOException;
    }

    private OutputFolder() {
    }

    /**
     * Makes {@code folder} ready to be written.
     *
     * @param name      the folder as the user gave it, for messages
     * @param writer    what writes it, for messages ({@code --hf-config}, {@code the job})
     * @param overwrite whether {@code --overwrite} lets a folder that is not empty be written
     * @param part      whether this run is one part of several writing the folder together
     * @return whether the folder was created by this call (a run that fails removes it again, if empty)
     * @throws IllegalArgumentException naming the folder: it is a file, or it is not empty
     * @throws IOException              if the folder cannot be read or created
     */
    public static boolean prepare(Storage folder, String name, String writer, boolean overwrite, boolean part) throws IOException {
        if (check(folder, name, writer, overwrite, part)) {
            return false;
        }
        folder.create();
        return true;
    }

    /**
     * The checks of {@link #prepare} without creating anything (a caller that must not write yet).
     *
     * @return whether the folder exists
     * @throws IllegalArgumentException naming the folder: it is a file, or it is not empty
     */
    public static boolean check(Storage folder, String name, String writer, boolean overwrite, boolean part) throws IOException {
        if (folder.exists()) {
            if (!folder.isDirectory()) {
                throw new IllegalArgumentException(name + " is a file: " + writer + " writes a folder");
            }
            if (!overwrite && !part && !folder.isEmpty()) {
                throw new IllegalArgumentException(name + " exists and is not empty: use --overwrite to write into it");
            }
            return true;
        }
        return false;
    }

    /** {@link #prepare} of a local folder. */
    public static boolean prepare(Path folder, String writer, boolean overwrite, boolean part) throws IOException {
        return prepare(local(folder), folder.toString(), writer, overwrite, part);
    }

    /** A local folder as {@link Storage}. */
    public static Storage local(Path folder) {
        return new Storage() {
            @Override
            public boolean exists() {
                return Files.exists(folder);
            }

            @Override
            public boolean isDirectory() {
                return Files.isDirectory(folder);
            }

            /** Empty but for what a killed run leaves and the next run cleans: the lock file and partial files. */
            @Override
            public boolean isEmpty() throws IOException {
                try (Stream<Path> entries = Files.list(folder)) {
                    return entries.map(p -> p.getFileName().toString())
                            .noneMatch(name -> !name.equals(FolderLock.NAME) && !(name.startsWith(".") && name.endsWith(".partial")));
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void create() throws IOException {
                Files.createDirectories(folder);
            }
        };
    }
}
