package dev.weightinit.keras;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.engine.GoldenVectors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras initializers on named, non-square tensors reproduce the golden vectors, whose (transform,
 * a, b) the NumPy reference computed from Keras' own formulas and fan rule, and whose streams it
 * computed from the names: pins fans (fan_in vs fan_out), scaling constants and name → stream.
 */
class GoldenInitializersTest {

    static List<GoldenVectors.InitializerCase> cases() {
        return GoldenVectors.initializerCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onTheJavaFallback(GoldenVectors.InitializerCase golden) {
        try (CpuBackend cpu = new CpuBackend(2)) {
            assertCase(golden, cpu);
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void onOpenCl() {
        try (OpenClBackend gpu = new OpenClBackend(OpenClTestDevices.require())) {
            for (GoldenVectors.InitializerCase golden : cases()) {
                assertCase(golden, gpu);
            }
        }
    }

    private static void assertCase(GoldenVectors.InitializerCase golden, Backend backend) {
        golden.assertFill(Initializers.fromConfig(golden.className(), golden.seededConfig()), backend);
    }
}
