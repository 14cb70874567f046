package dev.weightinit.spark;

import dev.weightinit.checkpoint.InitRequest;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * {@code --out} checked before the Spark context starts, with the Hadoop configuration the job will
 * have ({@code spark.hadoop.*}): a file, or a folder that is not empty without {@code --overwrite}
 * (staging folders a killed driver left do not count), exits 2 at once. Reads only. Thread-safe: stateless.
 */
final class OutputCheck {
    private OutputCheck() {
    }

    static void beforeSpark(InitRequest request, SparkConf conf) throws IOException {
        Configuration hadoop = new Configuration();
        for (Tuple2<String, String> entry : conf.getAll()) {
            if (entry._1().startsWith("spark.hadoop.")) {
                hadoop.set(entry._1().substring("spark.hadoop.".length()), entry._2());
            }
        }
        Path folder = new Path(request.out());
        FileSystem fs = ShardTask.rawFileSystem(folder, hadoop);
        if (!fs.exists(folder)) {
            return;
        }
        if (!fs.getFileStatus(folder).isDirectory()) {
            throw new IllegalArgumentException(request.out() + " is a file: the job writes a folder");
        }
        if (!request.overwrite()) {
            for (FileStatus entry : fs.listStatus(folder)) {
                if (!(entry.isDirectory() && entry.getPath().getName().startsWith(FolderJob.STAGING_PREFIX))) {
                    throw new IllegalArgumentException(request.out() + " exists and is not empty: use --overwrite to write into it");
                }
            }
        }
    }
}
