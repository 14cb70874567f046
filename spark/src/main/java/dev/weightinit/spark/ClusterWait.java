package dev.weightinit.spark;

import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Fails fast when the cluster cannot run the job: the driver waits at most
 * {@value #TIMEOUT_PROPERTY} seconds (default {@value #DEFAULT_TIMEOUT_SECONDS}) for its Spark
 * context (a standalone master that cannot be reached keeps its creation waiting for a minute) and
 * then for a first executor, and ends the job naming the master URL when either does not come.
 * Nothing has been written then. Thread-safe: stateless.
 */
final class ClusterWait {
    /** The Spark conf key of the wait, in seconds. */
    static final String TIMEOUT_PROPERTY = "spark.weightinit.executorTimeout";
    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    private ClusterWait() {
    }

    /** No executor registered in time, or the context stopped while waiting. */
    static final class NoExecutorException extends Exception {
        private static final long serialVersionUID = 1L;

        NoExecutorException(String message) {
            super(message);
        }
    }

    /**
     * A Spark context for {@code conf}, created on a daemon thread and waited for at most
     * {@code timeoutSeconds}; a creation still under way then goes on alone and fails by itself.
     */
    static JavaSparkContext context(org.apache.spark.SparkConf conf, String master, long timeoutSeconds) throws NoExecutorException {
        java.util.concurrent.CompletableFuture<JavaSparkContext> created = new java.util.concurrent.CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                created.complete(new JavaSparkContext(conf));
            } catch (Throwable e) {
                created.completeExceptionally(e);
            }
        }, "weightinit-spark-context");
        thread.setDaemon(true);
        thread.start();
        try {
            return created.get(Math.max(0, timeoutSeconds), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new NoExecutorException("the Spark context could not reach the master " + master + " within " + timeoutSeconds
                    + " s (" + TIMEOUT_PROPERTY + "): is it reachable? Nothing was written");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new NoExecutorException("spark: the context could not start on " + master + ": " + FolderJob.firstLine(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoExecutorException("interrupted while starting the Spark context on " + master);
        }
    }

    static void await(JavaSparkContext spark, String master, long timeoutSeconds) throws NoExecutorException {
        if (master.startsWith("local")) {
            return; // the driver is the executor
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(0, timeoutSeconds));
        while (true) {
            if (spark.sc().isStopped()) {
                throw new NoExecutorException("the Spark context stopped before any executor registered: is the master " + master
                        + " reachable? Nothing was written");
            }
            if (spark.sc().statusTracker().getExecutorInfos().length > 1) { // the driver counts as one
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new NoExecutorException("no executor registered with the master " + master + " within " + timeoutSeconds
                        + " s (" + TIMEOUT_PROPERTY + "): is the master reachable, and does it have free workers? Nothing was written");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NoExecutorException("interrupted while waiting for executors of " + master);
            }
        }
    }
}
