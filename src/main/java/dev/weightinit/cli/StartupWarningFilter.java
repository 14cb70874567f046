package dev.weightinit.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a restarted child's standard error to ours, dropping the one line the JVM prints at start
 * when an incubator module is resolved ({@value #LINE}): the CLI promises a clean stderr, and that
 * line is the price of the Java fallback's SIMD path, not news for the user. Only the first line is
 * examined; everything else passes through byte for byte, as soon as it arrives.
 *
 * <p>Thread-safe: stateless.
 */
final class StartupWarningFilter {
    /** The JVM's line, without its line terminator. */
    static final String LINE = "WARNING: Using incubator modules: jdk.incubator.vector";

    private StartupWarningFilter() {
    }

    /** Copies {@code in} to {@code out} until end of stream, less a first line equal to {@link #LINE}. */
    static void copy(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            first.write(b);
            if (b == '\n' || first.size() > LINE.length() + 2) {
                break;
            }
        }
        String line = first.toString(StandardCharsets.UTF_8);
        if (!line.stripTrailing().equals(LINE) || !line.endsWith("\n")) {
            first.writeTo(out);
            out.flush();
        }
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
