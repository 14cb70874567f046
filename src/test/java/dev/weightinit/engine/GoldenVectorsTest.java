package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weightinit.backend.cpu.CpuBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stream spec v1's values are pinned: the Java reference, the scalar fallback and the SIMD fallback
 * each reproduce the golden vectors that an independent NumPy implementation made, for every
 * transform and dtype, at block indices past 2^32 (the second counter word) and streams past 2^32.
 * A change of any coefficient, lane order, key or counter mapping in Java fails here; the OpenCL
 * kernels are held to the same file by {@code OpenClGoldenVectorsTest}.
 */
class GoldenVectorsTest {

    static List<GoldenVectors.EngineCase> cases() {
        return GoldenVectors.engineCases();
    }

    @Test
    void theFileIsForThisSpecVersionAndCoversEveryTransformAndDtypePastTheHighCounterWord() {
        assertEquals(StreamSpec.VERSION, GoldenVectors.specVersion());
        List<GoldenVectors.EngineCase> cases = cases();
        for (Distribution distribution : Distribution.values()) {
            for (DType dtype : DType.values()) {
                if (dtype.isConstantOnly() || (distribution == Distribution.RAW_BITS) != (dtype == DType.UINT32)) {
                    continue;
                }
                assertTrue(cases.stream().anyMatch(c -> c.spec().distribution() == distribution && c.spec().dtype() == dtype
                        && (c.start() >>> 2) < (1L << 32) && ((c.start() + c.count()) >>> 2) > (1L << 32)),
                        distribution + " " + dtype + " across block 2^32");
                assertTrue(cases.stream().anyMatch(c -> c.spec().distribution() == distribution && c.spec().dtype() == dtype
                        && Long.compareUnsigned(c.spec().stream(), 1L << 32) > 0), distribution + " " + dtype + " stream past 2^32");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theReferenceReproducesTheGoldenVectors(GoldenVectors.EngineCase golden) {
        GoldenVectors.assertCase(golden, "ReferenceGenerator", (start, bytes) -> {
            float[] values = new float[golden.count()];
            ReferenceGenerator.compute(golden.spec(), start, values, 0, values.length);
            ValueWriter.write(golden.spec().dtype(), values, values.length, bytes, 0);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theScalarFallbackReproducesTheGoldenVectors(GoldenVectors.EngineCase golden) {
        assertOnCpu(golden, ScalarGenerator::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSimdFallbackReproducesTheGoldenVectors(GoldenVectors.EngineCase golden) {
        Assumptions.assumeTrue(VectorSupport.modulePresent(), "no jdk.incubator.vector in this JVM");
        assertOnCpu(golden, SimdGenerator::new);
    }

    private static void assertOnCpu(GoldenVectors.EngineCase golden, Supplier<? extends FloatGenerator> generators) {
        try (CpuBackend cpu = new CpuBackend(2, generators)) {
            GoldenVectors.assertCase(golden, "CpuBackend " + cpu.description(), (start, bytes) -> cpu.fill(golden.spec(), start, bytes));
        }
    }

    /** The golden files are what the NumPy implementation of the spec computes (not Java's output). */
    @ParameterizedTest
    @ValueSource(strings = {"kernels/golden-v1.json", "kernels/golden-v2.json"})
    void theIndependentNumpyImplementationReproducesTheFile(String file) throws Exception {
        Process python;
        try {
            python = new ProcessBuilder("python3", "kernels/stream_reference.py", "--check", file)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            missingNumpy("python3 cannot be started: " + e.getMessage());
            return;
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(120, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            fail("stream_reference.py did not finish");
        }
        if (output.contains("No module named 'numpy'")) {
            missingNumpy(output);
        }
        assertEquals(0, python.exitValue(), output);
        assertTrue(output.contains(" passed, 0 failed"), output);
    }

    private static void missingNumpy(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true requires python3 with NumPy (.ci/test installs python3-numpy): " + why);
        }
        Assumptions.abort("no python3 with NumPy: " + why);
    }

    /** Sanity of the helper itself: a digest differs when one bit does. */
    @Test
    void oneFlippedBitChangesTheDigest() {
        ByteBuffer a = GoldenVectors.buffer(DType.FLOAT32, 4);
        ByteBuffer b = GoldenVectors.buffer(DType.FLOAT32, 4);
        b.put(7, (byte) 1);
        assertTrue(!GoldenVectors.sha256(a).equals(GoldenVectors.sha256(b)));
    }
}
