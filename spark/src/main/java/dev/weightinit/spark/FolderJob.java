package dev.weightinit.spark;

import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.checkpoint.ModelSeed;
import dev.weightinit.checkpoint.OutputFolder;
import dev.weightinit.hf.HfFolderPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The driver's side of {@link SparkInit}: prepares the output folder, runs one {@link ShardTask}
 * per shard, prints progress, and commits. Tasks place whole shards in a staging folder inside
 * the output ({@code _temporary-weightinit-APP}); only when every task has succeeded does the
 * driver move them to their final names, then write {@code config.json} and the index, then remove
 * the staging folder. A failed job removes the staging folder and leaves no file under a final
 * shard name. The driver holds no tensor data. Not thread-safe; one run per instance.
 */
final class FolderJob {
    /** The job failed on the executors; the message says which shard and why. */
    static final class JobFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        JobFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final InitRequest request;
    private final HfFolderPlan plan;
    private final ModelSeed seed;
    private final JavaSparkContext spark;
    private final PrintWriter out;
    private final PrintWriter err;

    FolderJob(InitRequest request, HfFolderPlan plan, ModelSeed seed, JavaSparkContext spark, PrintWriter out, PrintWriter err) {
        this.request = request;
        this.plan = plan;
        this.seed = seed;
        this.spark = spark;
        this.out = out;
        this.err = err;
    }

    /** Set when the driver JVM is stopping: the stop's own line is the one error line. */
    private static volatile boolean stopping;

    /** Whether the driver is being stopped by a signal (its hook prints the error line). */
    static boolean stopping() {
        return stopping;
    }

    /** Staging folders of this job's kind: {@code _temporary-weightinit-APP}. */
    static final String STAGING_PREFIX = "_temporary-weightinit-";
    /** How long a failed job waits for its tasks still running before it removes the staging folder. */
    static final long FAILED_TASKS_WAIT_SECONDS = 30;

    int run() throws IOException, JobFailedException {
        Configuration hadoop = spark.hadoopConfiguration();
        Path folder = new Path(request.out());
        FileSystem fs = ShardTask.rawFileSystem(folder, hadoop);
        folder = fs.makeQualified(folder);
        removeStaleStaging(fs, folder);
        created = prepare(fs, folder);
        Path staging = new Path(folder, STAGING_PREFIX + spark.sc().applicationId());
        Path outFolder = folder;
        boolean[] finished = {false};
        Runnable onStop = () -> {
            stopping = true;
            if (!finished[0]) {
                deleteQuietly(fs, staging);
                removeIfEmptyAndNew(fs, outFolder);
                err.println("error: the driver was stopped; " + staging + " was removed and nothing was committed to " + outFolder);
            }
        };
        // Registered before the staging folder exists; runs before Hadoop closes its file systems (priority 10).
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(onStop, FileSystem.SHUTDOWN_HOOK_PRIORITY + 100);
        if (!fs.mkdirs(staging)) {
            throw new IOException("cannot create the staging folder " + staging);
        }
        try {
            return runStaged(fs, folder, staging);
        } finally {
            finished[0] = true;
            org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook(onStop);
        }
    }

    /**
     * Removes the staging folders that killed drivers left in {@code folder} (a run killed with -9
     * runs no hook). Two jobs must not write one folder at once; the docs say so.
     */
    private void removeStaleStaging(FileSystem fs, Path folder) throws IOException {
        if (!fs.exists(folder) || !fs.getFileStatus(folder).isDirectory()) {
            return;
        }
        for (FileStatus entry : fs.listStatus(folder)) {
            if (entry.isDirectory() && entry.getPath().getName().startsWith(STAGING_PREFIX)) {
                deleteQuietly(fs, entry.getPath());
                err.println("spark: removed " + entry.getPath() + ", left by a driver that was killed");
            }
        }
    }

    private int runStaged(FileSystem fs, Path folder, Path staging) throws IOException, JobFailedException {
        int shards = plan.shardCount();
        long started = System.nanoTime();
        ProgressListener progress = new ProgressListener(started);
        spark.sc().addSparkListener(progress);
        try {
            List<Integer> indices = IntStream.range(0, shards).boxed().toList();
            // interruptOnCancel: when one shard fails for good, the others' tasks stop at once
            spark.setJobGroup("weightinit-" + spark.sc().applicationId(), "weightinit: " + shards + " shards to " + folder, true);
            spark.parallelize(indices, shards).foreach(new ShardTask(plan, request.device(), request.chunkMib(), staging.toString()));
        } catch (Exception e) {
            // A task still running may yet place its shard: the staging folder goes once none runs.
            if (!progress.awaitNoTaskRunning(TimeUnit.SECONDS.toNanos(FAILED_TASKS_WAIT_SECONDS))) {
                err.println("warning: tasks of the failed job still run after " + FAILED_TASKS_WAIT_SECONDS + " s; " + staging
                        + " is removed anyway (a late task's shard goes with it)");
            }
            deleteQuietly(fs, staging);
            removeIfEmptyAndNew(fs, folder);
            throw new JobFailedException("the job failed and nothing was committed to " + folder + ": " + firstLine(taskCause(e)), e);
        } finally {
            spark.sc().removeSparkListener(progress);
        }
        try {
            commit(fs, folder, staging);
        } finally {
            deleteQuietly(fs, staging);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "total: %d parameters, %d bytes in %d shard%s, %.1f s, %.3g GB/s, seed %d -> %s%n", plan.parameters(),
                plan.totalBytes(), shards, shards == 1 ? "" : "s", seconds, plan.totalBytes() / seconds / 1e9, plan.seed(), folder);
        if (seed.drawn()) {
            err.println(seed.reproduceHint("this folder"));
        }
        return 0;
    }

    /** The output folder's rules ({@link OutputFolder}) on a Hadoop file system. */
    /** Whether this run created the output folder: one that fails or is stopped removes it again, when empty. */
    private volatile boolean created;

    private void removeIfEmptyAndNew(FileSystem fs, Path folder) {
        try {
            if (created && fs.exists(folder) && fs.listStatus(folder).length == 0) {
                fs.delete(folder, false);
            }
        } catch (IOException ignored) {
            // the job's outcome is decided; an empty folder is all that can be left
        }
    }

    /** @return whether the folder was created */
    private boolean prepare(FileSystem fs, Path folder) throws IOException {
        return OutputFolder.prepare(new HadoopFolder(fs, folder, request.out()), request.out(), "the job", request.overwrite(), false);
    }

    /** Moves every staged shard to its final name, then writes config.json and the index. */
    private void commit(FileSystem fs, Path folder, Path staging) throws IOException {
        for (int i = 0; i < plan.shardCount(); i++) {
            Path staged = new Path(staging, plan.shardFile(i));
            Path target = new Path(folder, plan.shardFile(i));
            if (!fs.exists(staged)) {
                throw new IOException("shard " + staged + " is missing after its task succeeded");
            }
            replace(fs, staged, target);
        }
        writeSmall(fs, new Path(folder, "config.json"), plan.config(), staging);
        byte[] index = plan.index();
        if (index != null) {
            writeSmall(fs, new Path(folder, "model.safetensors.index.json"), index, staging);
        }
    }

    private static void writeSmall(FileSystem fs, Path target, byte[] content, Path staging) throws IOException {
        Path temporary = new Path(staging, target.getName());
        try (OutputStream stream = fs.create(temporary, true)) {
            stream.write(content);
        }
        replace(fs, temporary, target);
    }

    private static void replace(FileSystem fs, Path from, Path to) throws IOException {
        if (fs.exists(to)) {
            if (fs.getFileStatus(to).isDirectory()) {
                throw new IOException("cannot commit " + to + ": it is a folder");
            }
            fs.delete(to, false); // --overwrite: this run's file replaces the earlier one
        }
        if (!fs.rename(from, to)) {
            throw new IOException("cannot move " + from + " to " + to);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, true);
        } catch (IOException ignored) {
            // the job's outcome is already decided; a leftover staging folder is named for its job
        }
    }

    /** The exception a task raised, out of Spark's wrapping. */
    private static Throwable taskCause(Throwable e) {
        Throwable t = e;
        while (t instanceof SparkException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A throwable's message, first line only; for Spark's stage-failure text, the task's exception in it. */
    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String line = message.lines().findFirst().orElse("");
        if (e instanceof SparkException && line.contains("Exception: ")) {
            line = line.substring(line.lastIndexOf("Exception: ") + "Exception: ".length());
        }
        return line;
    }

    /**
     * Prints shards done / total, bytes and rate as tasks succeed (each shard counts once), and
     * knows when no task of the job runs any more. Events come on Spark's listener thread.
     */
    private final class ProgressListener extends SparkListener {
        private final long started;
        private final BitSet done = new BitSet();
        private long bytes;
        private int running;
        private boolean jobEnded;

        ProgressListener(long started) {
            this.started = started;
        }

        @Override
        public synchronized void onTaskStart(SparkListenerTaskStart start) {
            running++;
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd end) {
            jobEnded = true;
            notifyAll();
        }

        /** Waits until the job has ended and every task that started has ended; false on timeout. */
        synchronized boolean awaitNoTaskRunning(long timeoutNanos) {
            long deadline = System.nanoTime() + timeoutNanos;
            try {
                while (!jobEnded || running > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            running--;
            notifyAll();
            int index = end.taskInfo().index();
            if (end.reason() != Success$.MODULE$ || index < 0 || index >= plan.shardCount() || done.get(index)) {
                return;
            }
            done.set(index);
            bytes += plan.shardBytes(index);
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            err.printf(Locale.ROOT, "spark: %d/%d shards, %d bytes, %.3g GB/s (%s)%n", done.cardinality(), plan.shardCount(), bytes,
                    bytes / seconds / 1e9, plan.shardFile(index));
        }
    }
}
