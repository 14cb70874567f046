package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The restart's stderr filter drops exactly the JVM's incubator line, and the CLI's stderr stays clean. */
class StartupWarningFilterTest {
    private static String filter(String input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StartupWarningFilter.copy(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsTheIncubatorLineOnlyWhereItIsTheFirstLine() throws IOException {
        assertEquals("error: bad\n", filter(StartupWarningFilter.LINE + "\nerror: bad\n"));
        assertEquals("", filter(StartupWarningFilter.LINE + "\n"));
        assertEquals("error: bad\n" + StartupWarningFilter.LINE + "\n", filter("error: bad\n" + StartupWarningFilter.LINE + "\n"));
        assertEquals(StartupWarningFilter.LINE + " and more\n", filter(StartupWarningFilter.LINE + " and more\n"));
        assertEquals(StartupWarningFilter.LINE, filter(StartupWarningFilter.LINE)); // no line end: not the JVM's line
        assertEquals("", filter(""));
        assertEquals("\r 12%", filter("\r 12%"));
        String long1 = "x".repeat(10_000) + "\n" + "y".repeat(70_000);
        assertEquals(long1, filter(long1));
    }

    /**
     * The jar's way in: a JVM without the module restarts itself with it (and libjsig), reports
     * SIMD for the Java fallback, and prints nothing on stderr.
     */
    @Test
    void theRestartedCliUsesSimdAndKeepsStderrClean() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WeightInit.class.getName(), "devices");
        builder.environment().remove("LD_PRELOAD");
        builder.environment().remove(WeightInit.RELAUNCHED);
        Process process = builder.start();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String out = new String(stdout, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out + new String(stderr, StandardCharsets.UTF_8));
        assertEquals("", new String(stderr, StandardCharsets.UTF_8));
        assertTrue(out.contains("SIMD "), out);
    }
}
