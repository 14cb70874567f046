package dev.weightinit.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.GoldenVectors;
import dev.weightinit.engine.TransformStep;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenCL kernels reproduce stream spec v1's golden vectors (made by the independent NumPy
 * implementation) for every transform and dtype, across block 2^32 and near 2^62, with both
 * kernel widths; and every step of §3 equals the Java reference on all 2^24 of its inputs.
 */
@org.junit.jupiter.api.Tag("opencl")
class OpenClGoldenVectorsTest {
    private static OpenClDeviceInfo device;

    @BeforeAll
    static void open() {
        device = OpenClTestDevices.require();
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {1, 16})
    void everyGoldenVectorIsReproduced(int width) {
        try (OpenClBackend gpu = new OpenClBackend(device, OpenClOptions.defaults().withBlocksPerWorkItem(width))) {
            for (GoldenVectors.EngineCase golden : GoldenVectors.engineCases()) {
                GoldenVectors.assertCase(golden, gpu.description() + " width " + width,
                        (start, bytes) -> gpu.fill(golden.spec(), start, bytes));
            }
        }
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {1, 16})
    void everyStepEqualsTheReferenceOnEveryInput(int width) {
        try (OpenClBackend gpu = new OpenClBackend(device, OpenClOptions.defaults().withBlocksPerWorkItem(width))) {
            List<TransformStepCheck.Result> results = new TransformStepCheck(gpu).runAll();
            assertEquals(TransformStep.values().length, results.size());
            for (TransformStepCheck.Result result : results) {
                assertEquals(TransformStep.INPUTS, result.inputs(), result.toString());
                assertTrue(result.passed(), gpu.description() + " width " + width + ": " + result);
            }
            assertEquals(0, OpenClResources.liveBuffers(gpu), "the check releases its buffers");
        }
    }
}
