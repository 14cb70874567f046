package dev.weightinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The independent references that run in NumPy ({@code python3} on PATH, from the repository
 * root, so {@code kernels/stream_reference.py} imports): where python3 or NumPy is missing the
 * test is skipped, saying why, except under {@code CI=true}, where it fails (.ci/test installs them).
 */
public final class Python {
    private Python() {
    }

    /**
     * Runs {@code python3 ARGS...} and returns what it printed (stdout and stderr together).
     * Fails the test when it exits non-zero or runs past 120 s.
     */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        Process python;
        try {
            python = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            missing("python3 cannot be started: " + e.getMessage());
            return null;
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(120, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            fail("python3 did not finish");
        }
        if (python.exitValue() != 0 && output.contains("No module named 'numpy'")) {
            missing(output);
        }
        assertEquals(0, python.exitValue(), "python3 failed:\n" + output);
        return output;
    }

    private static void missing(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true requires python3 with NumPy (.ci/test installs python3-numpy): " + why);
        }
        Assumptions.abort("no python3 with NumPy: " + why);
    }
}
