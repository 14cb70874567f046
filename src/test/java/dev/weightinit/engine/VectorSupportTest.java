package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The warm-up thread's rules, each in a fresh child JVM (its state is per JVM): what generation
 * asks for goes first and drops what was asked for only in advance; the passes count as compiled
 * only once they beat the scalar loops, so a JVM without C2 keeps the scalar loops (the first rule,
 * "an eighth of the first round's time", let C1's code, 20x slower than scalar, into every write).
 */
class VectorSupportTest {
    @BeforeAll
    static void simdIsUsable() {
        Assumptions.assumeTrue(VectorSupport.usable(), "SIMD is not usable here: " + VectorSupport.describe());
    }

    private static String child(String mode, String... jvmOptions) throws IOException, InterruptedException {
        return child(mode, java.util.Map.of(), jvmOptions);
    }

    private static String child(String mode, java.util.Map<String, String> environment, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add(VectorSupport.MODULE);
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WarmUpOrderMain.class.getName(), mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!child.waitFor(300, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in 300 s");
        }
        assertEquals(0, child.exitValue(), out);
        return out;
    }

    @Test
    void generationsOwnDistributionIsDecidedAndTheOnesAskedForOnlyInAdvanceAreDropped() throws Exception {
        String decided = child("order");
        // NORMAL was already being decided when generation asked for UNIFORM (it goes first in advance);
        // TRUNCATED_NORMAL had not started and is dropped; the passes follow the distributions, only
        // those of the type written (bfloat16's and the moments), never float16's.
        // The bounded normal has no SIMD form and is never warmed up.
        assertEquals("RAW_BITS=false UNIFORM=true NORMAL=true TRUNCATED_NORMAL=false BOUNDED_NORMAL=false "
                + "passes=float32:true,bfloat16:true,float16:false", decided);
    }

    @Test
    void aFloat32RunCompilesOnlyTheMomentsPass() throws Exception {
        String decided = child("float32");
        assertEquals("RAW_BITS=false UNIFORM=false NORMAL=true TRUNCATED_NORMAL=false BOUNDED_NORMAL=false "
                + "passes=float32:true,bfloat16:false,float16:false", decided);
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void passesCompiledOnlyByC1AreNotTakenForCompiled() throws Exception {
        String c1 = child("passes", "-XX:TieredStopAtLevel=1");
        assertTrue(c1.endsWith("passes=float32:false,bfloat16:false,float16:false"), c1);
        String c2 = child("passes");
        assertTrue(c2.endsWith("passes=float32:true,bfloat16:true,float16:true"), c2);
        assertFalse(c2.contains("=true "), "nothing but the passes was asked for: " + c2);
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void devicesPrepareWarmsUpOnlyWhenTheFallbackIsChosen(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        assertEquals("warming=true", child("prepare:cpu"));
        assertEquals("warming=false", child("prepare:opencl:0:0"));
        assertEquals("warming=false", child("prepare:no-such-device"));
        // auto warms up exactly when it would choose the fallback: with no OpenCL driver (an empty
        // vendor folder for the ICD loader), not where an OpenCL device is there (PoCL in CI)
        assertEquals("warming=true", child("prepare:auto", java.util.Map.of("OCL_ICD_VENDORS", empty.toString())));
        if (!dev.weightinit.backend.opencl.OpenClPlatforms.discover().devices().isEmpty()) {
            assertEquals("warming=false", child("prepare:auto"));
        }
    }
}
