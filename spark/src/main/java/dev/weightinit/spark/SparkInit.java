package dev.weightinit.spark;

import dev.weightinit.checkpoint.HfFolderWriter;
import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.checkpoint.ModelSeed;
import dev.weightinit.hf.HfFolderPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code weightinit init --hf-config} as a Spark job: the driver plans the shards exactly as
 * {@code init} does ({@link HfFolderWriter#plan}, one code path, from the same {@link InitRequest}
 * that {@link SparkArguments} parses), each task writes one shard, and the
 * driver commits the folder when every shard is whole ({@link FolderJob}). The folder is
 * byte-identical to one host's {@code init --hf-config} with the same config, options and seed.
 *
 * <pre>
 * spark-submit --class dev.weightinit.spark.SparkInit weightinit-spark.jar init --hf-config CONFIG.json --out DIR [init options]
 * bash spark/run --master 'local[N]' init --hf-config CONFIG.json --out DIR [init options]
 * </pre>
 *
 * Exit status: 0 done (or {@code --plan} printed), 1 the job failed (nothing committed), 2 bad
 * arguments (one {@code error:} line).
 */
public final class SparkInit {
    private SparkInit() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the job in this JVM (its driver) and returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        SparkArguments arguments;
        HfFolderPlan plan;
        ModelSeed seed;
        try {
            arguments = SparkArguments.parse(List.of(args));
            if (arguments.help()) {
                out.println(SparkArguments.USAGE);
                out.println("Writes a Hugging Face model folder with one Spark task per shard, byte-identical to weightinit init "
                        + "--hf-config with the same arguments; --out may be any Hadoop file system URI (a local or shared folder, "
                        + "hdfs://, an object store with its connector). The options are init's: java -jar weightinit.jar init --help.");
                return 0;
            }
            seed = ModelSeed.of(arguments.request().seed());
            plan = HfFolderWriter.plan(arguments.request(), seed);
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        InitRequest request = arguments.request();
        if (request.planOnly()) {
            plan.describe().forEach(out::println);
            return 0;
        }
        SparkConf conf = new SparkConf().setAppName("weightinit init " + plan);
        if (arguments.master() != null) {
            conf.setMaster(arguments.master());
        }
        try {
            OutputCheck.beforeSpark(request, conf);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot check --out " + request.out() + ": " + e.getMessage());
            return 2;
        }
        String master = conf.get("spark.master", "(spark-submit's)");
        long timeout = conf.getLong(ClusterWait.TIMEOUT_PROPERTY, ClusterWait.DEFAULT_TIMEOUT_SECONDS);
        try (JavaSparkContext spark = ClusterWait.context(conf, master, timeout)) {
            spark.setLogLevel("WARN");
            ClusterWait.await(spark, master, timeout);
            return new FolderJob(request, plan, seed, spark, out, err).run();
        } catch (ClusterWait.NoExecutorException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (FolderJob.JobFailedException e) {
            if (!FolderJob.stopping()) {
                err.println("error: " + e.getMessage());
            }
            return 1;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) { // Spark's own, undeclared: no master URL, a cluster that refuses the job
            err.println("error: spark: " + FolderJob.firstLine(e));
            return 1;
        }
    }
}
