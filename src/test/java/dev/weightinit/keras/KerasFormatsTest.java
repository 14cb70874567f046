package dev.weightinit.keras;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.cpu.CpuBackend;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-written model files of each form users have on disk load, and every layer's initializer
 * makes tensors of the spread that format means (uncorrected legacy normals included).
 */
class KerasFormatsTest {
    private static final double C = 0.87962566103423978;
    private static final Shape KERNEL = Shape.of(1024, 1024);
    private static CpuBackend cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    private static KerasModels.ModelInitializers load(String name) throws URISyntaxException {
        return KerasModels.read(Path.of(KerasFormatsTest.class.getResource("/keras/" + name).toURI()));
    }

    private static Map<String, Initializer> byKey(KerasModels.ModelInitializers model) {
        Map<String, Initializer> map = new LinkedHashMap<>();
        for (KerasModels.LayerInitializer entry : model.initializers()) {
            map.put(entry.layer() + "." + entry.argument(), entry.initializer());
        }
        return map;
    }

    /** Measured standard deviation of a {@code KERNEL}-shaped tensor, within 1% (n = 2^20: SE 0.07%). */
    private static void assertStddev(Initializer initializer, Shape shape, double expected, String what) {
        assertEquals(expected, DistributionCheck.Moments.of(initializer.generate(shape, cpu)).sd(), 0.01 * expected, what);
    }

    @Test
    void keras3ConfigJson() throws URISyntaxException {
        KerasModels.ModelInitializers model = load("keras3_config.json");
        assertEquals(KerasDialect.KERAS3, model.dialect());
        Map<String, Initializer> init = byKey(model);
        assertEquals(List.of("conv2d.kernel_initializer", "conv2d.bias_initializer", "dense.kernel_initializer",
                "dense.bias_initializer", "dense_1.kernel_initializer", "dense_1.bias_initializer",
                "layer_normalization.gamma_initializer", "layer_normalization.beta_initializer",
                "head.kernel_initializer", "head.bias_initializer"), List.copyOf(init.keySet()));
        HeNormal he = (HeNormal) init.get("conv2d.kernel_initializer");
        assertEquals(7L, he.seed().value(), "SeedGenerator seed");
        assertStddev(he, Shape.of(3, 3, 128, 256), Math.sqrt(2.0 / (9 * 128)), "HeNormal");
        assertStddev(init.get("dense.kernel_initializer"), KERNEL, Math.sqrt(6.0 / 2048) / Math.sqrt(3), "GlorotUniform");
        VarianceScaling normal = (VarianceScaling) init.get("dense_1.kernel_initializer");
        assertEquals("truncated_normal", normal.distribution(), "Keras 3 maps normal to truncated_normal");
        assertStddev(normal, KERNEL, Math.sqrt(2.0 / 1024), "corrected truncated normal");
        assertStddev(init.get("dense_1.bias_initializer"), Shape.of(1 << 20), 0.75 / Math.sqrt(12), "RandomUniform");
        float[] bias = init.get("dense.bias_initializer").generate(Shape.of(512), cpu);
        for (float b : bias) {
            assertEquals(0.1f, b);
        }
        assertEquals("Ones", init.get("layer_normalization.gamma_initializer").className());
        assertEquals("Zeros", init.get("head.bias_initializer").className());
        assertEquals("Orthogonal", init.get("head.kernel_initializer").className());
    }

    @Test
    void keras2ModelJson() throws URISyntaxException {
        KerasModels.ModelInitializers model = load("keras2_model.json");
        assertEquals(KerasDialect.KERAS2, model.dialect());
        Map<String, Initializer> init = byKey(model);
        assertEquals(8, init.size());
        assertStddev(init.get("dense.kernel_initializer"), KERNEL, Math.sqrt(1.0 / 1024), "GlorotNormal (corrected)");
        assertStddev(init.get("dense_1.kernel_initializer"), KERNEL, Math.sqrt(1.0 / 1024), "tf.keras normal (corrected)");
        assertEquals("RandomNormal", init.get("dense_1.bias_initializer").className(), "RandomNormalV2");
        assertStddev(init.get("dense_1.bias_initializer"), Shape.of(1 << 20), 0.01, "RandomNormalV2");
        assertStddev(init.get("dense_2.kernel_initializer"), KERNEL, 0.02 * C, "TruncatedNormal with a stray dtype key");
        assertStddev(init.get("dense_3.kernel_initializer"), KERNEL, Math.sqrt(2.0 / 1024), "he_uniform");
        assertEquals(-1.5f, init.get("dense_2.bias_initializer").generate(Shape.of(1), cpu)[0]);
    }

    @Test
    void keras21LegacyNormalHasNoCorrection() throws URISyntaxException {
        KerasModels.ModelInitializers model = load("keras21_model.json");
        assertEquals(KerasDialect.KERAS2_LEGACY, model.dialect());
        Map<String, Initializer> init = byKey(model);
        assertEquals(6, init.size());
        // stddev sqrt(scale / n) before truncation: C * sqrt(scale / n) after.
        assertStddev(init.get("dense_1.kernel_initializer"), KERNEL, C * Math.sqrt(1.0 / 1024), "Keras 2.1 normal fan_avg");
        assertStddev(init.get("dense_2.kernel_initializer"), KERNEL, C * Math.sqrt(2.0 / 1024), "Keras 2.1 normal fan_in");
        assertStddev(init.get("dense_3.kernel_initializer"), KERNEL, Math.sqrt(1.0 / 1024), "uniform is unchanged");
        Initializer fromLegacy = init.get("dense_1.kernel_initializer");
        Initializer reread = Initializers.parse(Initializers.toJson(fromLegacy), null);
        assertEquals(fromLegacy.getConfig(), reread.getConfig(), "the Keras 3 form keeps the legacy meaning");
    }

    @Test
    void tensorflowJsModelJson() throws URISyntaxException {
        KerasModels.ModelInitializers model = load("tfjs_model.json");
        assertEquals(KerasDialect.TFJS, model.dialect());
        Map<String, Initializer> init = byKey(model);
        assertEquals(List.of("dense_Dense1.kernel_initializer", "dense_Dense1.bias_initializer", "dense_Dense2.kernel_initializer",
                "dense_Dense2.bias_initializer", "dense_Dense3.kernel_initializer"), List.copyOf(init.keySet()));
        assertStddev(init.get("dense_Dense1.kernel_initializer"), KERNEL, C * Math.sqrt(1.0 / 1024), "tfjs normal: uncorrected");
        assertStddev(init.get("dense_Dense2.kernel_initializer"), KERNEL, Math.sqrt(2.0 / 1024), "tfjs uniform");
        assertStddev(init.get("dense_Dense3.kernel_initializer"), KERNEL, Math.sqrt(1.0 / 1024), "truncated_normal, Keras meaning");
        assertStddev(init.get("dense_Dense2.bias_initializer"), Shape.of(1 << 20), 0.05, "RandomNormal");
    }

    @Test
    void tensorflowJsNamesAndLegacyKerasStrings() {
        assertEquals("LecunUniform", Initializers.get("LeCunUniform", KerasDialect.TFJS).className());
        VarianceScaling tfjsLecun = (VarianceScaling) Initializers.get("LeCunNormal", KerasDialect.TFJS);
        assertEquals(C * C, tfjsLecun.scale(), 1e-12, "TensorFlow.js LeCunNormal is an uncorrected normal");
        assertEquals("GlorotUniform", Initializers.get("glorotUniform", KerasDialect.TFJS).className());
        VarianceScaling tfjsHe = (VarianceScaling) Initializers.get("heNormal", KerasDialect.TFJS);
        assertEquals(2.0 * C * C, tfjsHe.scale(), 1e-12, "TensorFlow.js HeNormal is uncorrected");
        VarianceScaling keras21 = (VarianceScaling) Initializers.get("glorot_normal", KerasDialect.KERAS2_LEGACY);
        assertEquals(C * C, keras21.scale(), 1e-12);
        assertEquals("GlorotNormal", Initializers.get("glorot_normal").className(), "Keras 3 keeps its class");
        assertTrue(Initializers.names().contains("OrthogonalInitializer"));
        String names = Initializers.names().stream().collect(Collectors.joining(","));
        assertTrue(names.contains("variance_scaling"), names);
    }
}
