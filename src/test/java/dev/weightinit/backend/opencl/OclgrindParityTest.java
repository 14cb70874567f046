package dev.weightinit.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second OpenCL implementation: Oclgrind (Debian's {@code oclgrind}, which {@code .ci/test}
 * installs) runs the parity cases of {@link OclgrindParityMain} in a child JVM that sees only its
 * ICD, with its API checks and data-race detection on; it must report nothing and give the same
 * bits. (Its uninitialized-memory plugin crashes inside Oclgrind 21.10 itself, so it stays off.)
 */
class OclgrindParityTest {
    private static final Path ICD_LIBRARY = Path.of("/usr/lib/oclgrind/liboclgrind-rt-icd.so");

    @TempDir
    Path dir;

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void oclgrindGivesTheSameBitsAndReportsNoApiErrorOrRace() throws Exception {
        if (!Files.exists(ICD_LIBRARY)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true requires Oclgrind (.ci/test installs the Debian package oclgrind): no " + ICD_LIBRARY);
            }
            Assumptions.abort("Oclgrind is not installed (" + ICD_LIBRARY + ")");
        }
        Path vendors = Files.createDirectories(dir.resolve("vendors"));
        Files.writeString(vendors.resolve("oclgrind.icd"), ICD_LIBRARY + "\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                OclgrindParityMain.class.getName()));
        builder.environment().put("OCL_ICD_VENDORS", vendors.toString());
        builder.environment().put("OCLGRIND_CHECK_API", "1");
        builder.environment().put("OCLGRIND_DATA_RACES", "1");
        builder.environment().put("LD_PRELOAD", Path.of(System.getProperty("java.home"), "lib", "libjsig.so").toString());
        File err = dir.resolve("stderr.txt").toFile();
        builder.redirectError(err);
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(300, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("Oclgrind run did not finish in 300 s");
        }
        String diagnostics = Files.readString(err.toPath());
        assertEquals(0, child.exitValue(), out + diagnostics);
        assertTrue(out.contains("34 cases bit-identical") && out.contains("Oclgrind"), out);
        assertEquals("", diagnostics.strip(), "Oclgrind's API and race checks report nothing");
    }
}
