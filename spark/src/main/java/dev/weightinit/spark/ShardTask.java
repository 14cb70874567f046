package dev.weightinit.spark;

import dev.weightinit.checkpoint.HfFolderWriter;
import dev.weightinit.hf.HfFolderPlan;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import scala.Tuple2;

/**
 * One task: shard {@code index} of the plan, written whole under a name of its attempt in the
 * staging folder, then renamed to the shard's staged name. The plan is made again from its
 * serialized config and options, so every attempt (a retry, a speculative twin, another host)
 * writes the same bytes: renaming over a twin's finished shard changes nothing, and a retried
 * task is safe. An attempt that fails removes its partial file.
 *
 * <p>On a local or mounted folder ({@code file:}) the attempt writes in place; on any other Hadoop
 * file system it writes to the executor's scratch folder ({@code SPARK_LOCAL_DIRS}, else
 * {@code spark.local.dir}, else {@code java.io.tmpdir}) and copies, because a safetensors file is
 * written at positions. The Hadoop configuration is {@code spark.hadoop.*} of the job's conf, as
 * Spark gives it to executors. The Java fallback runs as many threads as the task was allotted
 * ({@code spark.task.cpus}), never the host's processor count; warnings are printed once per JVM.
 */
final class ShardTask implements VoidFunction<Integer> {
    private static final long serialVersionUID = 1L;

    private final HfFolderPlan plan;
    private final String device;
    private final int chunkMib;
    private final String staging;

    ShardTask(HfFolderPlan plan, String device, int chunkMib, String staging) {
        this.plan = plan;
        this.device = device;
        this.chunkMib = chunkMib;
        this.staging = staging;
    }

    @Override
    public void call(Integer index) throws IOException {
        TaskContext task = TaskContext.get();
        SparkConf conf = SparkEnv.get().conf();
        Path folder = new Path(staging);
        FileSystem fs = rawFileSystem(folder, hadoopConfiguration(conf));
        String file = plan.shardFile(index);
        Path staged = new Path(folder, file);
        Path attempt = new Path(folder, "." + file + ".attempt-" + task.stageAttemptNumber() + "-" + task.taskAttemptId() + ".partial");
        boolean placed = false;
        try {
            if (fs instanceof RawLocalFileSystem local && "file".equals(fs.getUri().getScheme())) {
                java.nio.file.Path path = local.pathToFile(attempt).toPath();
                write(index, path, StandardOpenOption.CREATE_NEW);
                Files.move(path, local.pathToFile(staged).toPath(), StandardCopyOption.ATOMIC_MOVE);
            } else {
                java.nio.file.Path scratch = Files.createTempFile(scratchFolder(conf), "." + file + ".", ".partial");
                try {
                    write(index, scratch, StandardOpenOption.TRUNCATE_EXISTING);
                    fs.copyFromLocalFile(false, true, new Path(scratch.toUri()), attempt);
                } finally {
                    Files.deleteIfExists(scratch);
                }
                if (!fs.rename(attempt, staged)) {
                    // a twin placed it first: the same bytes, so its copy stands (the sizes show it is whole)
                    if (!fs.exists(staged) || fs.getFileStatus(staged).getLen() != fs.getFileStatus(attempt).getLen()) {
                        throw new IOException("cannot rename " + attempt + " to " + staged);
                    }
                }
            }
            placed = true;
        } catch (IOException | RuntimeException e) {
            throw new IOException("shard " + file + " (task attempt " + task.attemptNumber() + "): " + message(e), e);
        } finally {
            if (!placed || fs.exists(attempt)) {
                try {
                    fs.delete(attempt, false);
                } catch (IOException ignored) {
                    // the staging folder goes with the job
                }
            }
        }
    }

    private void write(int index, java.nio.file.Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(path, mode, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            HfFolderWriter.writeShard(plan, index, channel, device, Math.max(1, TaskContext.get().cpus()), chunkMib, ShardTask::warnOnce);
            channel.force(true);
        }
    }

    /** Warnings already printed by this executor JVM: each is printed once per JVM, not once per task. */
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void warnOnce(String warning) {
        if (WARNED.add(warning)) {
            System.err.println("warning: " + warning);
        }
    }

    private static String message(Exception e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getFile() + ": " + fse.getReason()
                : text;
    }

    /**
     * The file system of {@code path}, without Hadoop's client-side checksums: on a local folder
     * {@link ChecksumFileSystem} would add {@code .crc} files beside the shards, which a Hugging
     * Face folder does not have.
     */
    static FileSystem rawFileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** The Hadoop configuration Spark gives executors: {@code spark.hadoop.*} of the job's conf. */
    static Configuration hadoopConfiguration(SparkConf conf) {
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> entry : conf.getAll()) {
            if (entry._1().startsWith("spark.hadoop.")) {
                hadoop.set(entry._1().substring("spark.hadoop.".length()), entry._2());
            }
        }
        return hadoop;
    }

    private static java.nio.file.Path scratchFolder(SparkConf conf) {
        String dirs = System.getenv("SPARK_LOCAL_DIRS");
        if (dirs == null || dirs.isBlank()) {
            dirs = conf.get("spark.local.dir", System.getProperty("java.io.tmpdir"));
        }
        return java.nio.file.Path.of(dirs.split(",")[0].strip());
    }
}
