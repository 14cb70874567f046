package dev.weightinit.spark;

import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.checkpoint.OutputFolder;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;

/**
 * {@code --out} checked before the Spark context starts, with the Hadoop configuration the job will
 * have ({@code spark.hadoop.*}) and {@link OutputFolder}'s rules: a file, or a folder that is not
 * empty without {@code --overwrite}, exits 2 at once. Reads only. Thread-safe: stateless.
 */
final class OutputCheck {
    private OutputCheck() {
    }

    static void beforeSpark(InitRequest request, SparkConf conf) throws IOException {
        Path folder = new Path(request.out());
        FileSystem fs = ShardTask.rawFileSystem(folder, ShardTask.hadoopConfiguration(conf));
        OutputFolder.check(new HadoopFolder(fs, folder, request.out()), request.out(), "the job", request.overwrite(), false);
    }
}
