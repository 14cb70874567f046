package dev.weightinit.spark;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A local folder under the scheme {@code faulty:} (so the job takes the path of a remote file
 * system: scratch file, copy, rename) whose writes fail as a full or refusing disk would: a file
 * whose name contains {@link #failing} gets a stream that fails after 4096 bytes, for the next
 * {@link #failures} creations (-1: every one). The tests run Spark in one JVM ({@code local[N]}),
 * so the static settings reach the executors.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
    static volatile String failing;
    static volatile int failures;
    static volatile String reason = "No space left on device";
    /** Streams that failed, for the tests to prove the fault happened. */
    static final AtomicInteger injected = new AtomicInteger();

    static void reset() {
        failing = null;
        failures = 0;
        reason = "No space left on device";
        injected.set(0);
    }

    @Override
    public URI getUri() {
        return URI.create("faulty:///");
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
            throws IOException {
        return faulty(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication, long blockSize,
            Progressable progress) throws IOException {
        return faulty(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    private static synchronized FSDataOutputStream faulty(Path f, FSDataOutputStream stream) throws IOException {
        String name = failing;
        if (name == null || !f.getName().contains(name) || failures == 0) {
            return stream;
        }
        if (failures > 0) {
            failures--;
        }
        String why = reason;
        return new FSDataOutputStream(new java.io.OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > 4096) {
                    injected.incrementAndGet();
                    throw new IOException(why);
                }
                stream.write(b, off, len);
                written += len;
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        }, null);
    }
}
