package dev.weightinit.spark;

import dev.weightinit.checkpoint.OutputFolder;
import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder on a Hadoop file system, for {@link OutputFolder}'s rules: staging folders a
 * killed driver left ({@link FolderJob#STAGING_PREFIX}) do not make it "not empty"; the run removes
 * them. Not thread-safe.
 */
final class HadoopFolder implements OutputFolder.Storage {
    private final FileSystem fs;
    private final Path folder;
    private final String name;

    /** @param name the folder as the user gave it, for messages */
    HadoopFolder(FileSystem fs, Path folder, String name) {
        this.fs = fs;
        this.folder = folder;
        this.name = name;
    }

    @Override
    public boolean exists() throws IOException {
        return fs.exists(folder);
    }

    @Override
    public boolean isDirectory() throws IOException {
        return fs.getFileStatus(folder).isDirectory();
    }

    @Override
    public boolean isEmpty() throws IOException {
        for (FileStatus entry : fs.listStatus(folder)) {
            if (!(entry.isDirectory() && entry.getPath().getName().startsWith(FolderJob.STAGING_PREFIX))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void create() {
        try {
            if (!fs.mkdirs(folder)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the output folder " + name + ": " + FolderJob.firstLine(e));
        }
    }
}
