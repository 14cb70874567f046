package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link KerasDialectForms}: config forms and the dialect each is read in, and the Keras 2 version rule of {@code keras_version}. */
@ExtendWith(CpuBackendFixture.class)
class KerasDialectFormsTest {
    private final CpuBackend cpu;

    KerasDialectFormsTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void configFormsAndTheirDialects() {
        assertEquals(new HeNormal(3L), Initializers.deserialize(Map.of("className", "HeNormal", "config", Map.of("seed", 3))),
                "TensorFlow.js in-memory className");
        assertEquals("initializer config {config={}} has no class_name string", message(() -> Initializers.deserialize(Map.of("config",
                Map.of()))));
        assertEquals("initializer config {class_name=5} has no class_name string", message(() -> Initializers.deserialize(Map.of(
                "class_name", 5))));
        assertEquals("initializer module 'my.pkg' is not a Keras module: custom initializers are not available in weightinit (class Mine)",
                message(() -> Initializers.deserialize(Map.of("module", "my.pkg", "class_name", "Mine"))));
        assertEquals("initializer module '7' is not a Keras module: custom initializers are not available in weightinit (class Mine)",
                message(() -> Initializers.deserialize(Map.of("module", 7, "class_name", "Mine"))));
        assertEquals("initializer module 'kerasx' is not a Keras module: custom initializers are not available in weightinit (class Zeros)",
                message(() -> Initializers.deserialize(Map.of("module", "kerasx", "class_name", "Zeros"))));
        assertEquals("Zeros", Initializers.deserialize(Map.of("module", "keras", "class_name", "Zeros")).className());
        assertEquals("Zeros", Initializers.deserialize(Map.of("module", "keras.src.initializers", "class_name", "Zeros")).className());
        assertEquals("initializer Zeros has config 3: expected an object", message(() -> Initializers.deserialize(Map.of("class_name",
                "Zeros", "config", 3))));
        assertEquals("initializer 'Nope' is not known: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.deserialize(Map.of("module", "keras.initializers", "class_name", "Nope"), null)),
                "a module means Keras 3");
        assertEquals("initializer 'Nope' is not known in the KERAS2 dialect: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.deserialize(Map.of("class_name", "Nope"), null)), "no module: Keras 2");
        Map<String, Object> nullConfig = new HashMap<>(Map.of("class_name", "Ones"));
        nullConfig.put("config", null);
        assertEquals("Ones", Initializers.deserialize(nullConfig).className());

        // VarianceScaling's "normal": Keras 3 and Keras 2.2+ mean truncated_normal with the 0.8796 correction, i.e. the
        // distribution stays as written; Keras 2.0-2.1 and TensorFlow.js mean an uncorrected truncated normal of stddev
        // sqrt(scale / n), which is truncated_normal with scale * 0.87962566103423978^2.
        Map<String, Object> normal = Map.of("class_name", "VarianceScaling", "config", Map.of("scale", 2.0, "mode", "fan_in",
                "distribution", "normal", "seed", 1));
        VarianceScaling keras3 = (VarianceScaling) Initializers.deserialize(withModule(normal), null);
        assertEquals(2.0, keras3.scale());
        assertEquals("truncated_normal", keras3.distribution(), "Keras 3 reads normal as truncated_normal");
        VarianceScaling keras2 = (VarianceScaling) Initializers.deserialize(normal, KerasDialect.KERAS2);
        assertEquals(2.0, keras2.scale());
        VarianceScaling legacy = (VarianceScaling) Initializers.deserialize(normal, KerasDialect.KERAS2_LEGACY);
        assertEquals(2.0 * 0.87962566103423978 * 0.87962566103423978, legacy.scale(), 1e-15);
        assertEquals("truncated_normal", legacy.distribution());
        VarianceScaling tfjs = (VarianceScaling) Initializers.deserialize(Map.of("class_name", "VarianceScaling", "config", Map.of(
                "scale", 1.0, "mode", "fanAvg", "seed", 1)), KerasDialect.TFJS);
        assertEquals("fan_avg", tfjs.mode());
        assertEquals("truncated_normal", tfjs.distribution(), "TensorFlow.js' default distribution is normal, uncorrected");
        assertEquals(0.87962566103423978 * 0.87962566103423978, tfjs.scale(), 1e-15);
        for (String[] mode : new String[][] {{"fanIn", "fan_in"}, {"fanOut", "fan_out"}, {"fanAvg", "fan_avg"}, {"fan_in", "fan_in"}}) {
            VarianceScaling read = (VarianceScaling) Initializers.deserialize(Map.of("class_name", "VarianceScaling", "config", Map.of(
                    "mode", mode[0], "distribution", "truncatedNormal", "seed", 1)), KerasDialect.TFJS);
            assertEquals(mode[1], read.mode());
            assertEquals("truncated_normal", read.distribution());
            assertEquals(1.0, read.scale(), "truncatedNormal is not the legacy normal");
        }
        VarianceScaling keras2Default = (VarianceScaling) Initializers.deserialize(Map.of("class_name", "VarianceScaling", "config",
                Map.of("seed", 1)), KerasDialect.KERAS2_LEGACY);
        assertEquals("truncated_normal", keras2Default.distribution());
        assertEquals(1.0, keras2Default.scale(), "Keras 2's default distribution is truncated_normal, not the legacy normal");

        // The legacy presets: glorot_normal etc. as functions of Keras 2.0-2.1, and every name in TensorFlow.js.
        VarianceScaling glorot = (VarianceScaling) Initializers.get("glorot_normal", KerasDialect.KERAS2_LEGACY);
        assertEquals("fan_avg", glorot.mode());
        assertEquals(0.87962566103423978 * 0.87962566103423978, glorot.scale(), 1e-15);
        VarianceScaling he = (VarianceScaling) Initializers.get("he_normal", KerasDialect.KERAS2_LEGACY);
        assertEquals("fan_in", he.mode());
        assertEquals(2 * 0.87962566103423978 * 0.87962566103423978, he.scale(), 1e-15);
        VarianceScaling lecun = (VarianceScaling) Initializers.get("LecunNormal", KerasDialect.TFJS);
        assertEquals("fan_in", lecun.mode());
        assertEquals(0.87962566103423978 * 0.87962566103423978, lecun.scale(), 1e-15);
        assertEquals("GlorotNormal", Initializers.get("GlorotNormal", KerasDialect.KERAS2_LEGACY).className(),
                "the GlorotNormal class of tf.keras is corrected");
        assertEquals("HeUniform", Initializers.get("he_uniform", KerasDialect.KERAS2_LEGACY).className(), "uniform presets are not legacy");
    }

    private static Map<String, Object> withModule(Map<String, Object> serialized) {
        Map<String, Object> copy = new HashMap<>(serialized);
        copy.put("module", "keras.initializers");
        return copy;
    }

    /** keras_version below 2.2 is the uncorrected legacy dialect (Keras 2.2.0 added the 0.8796 correction). */
    @Test
    void keras2VersionsPickTheDialect() {
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version(null));
        assertEquals(KerasDialect.TFJS, KerasDialect.ofKeras2Version("tfjs-layers 1.7.4"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("2.1.6"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("2"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("1.2.2"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("1.9"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("2.2.0"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("2.2.4-tf"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("2.10.0"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("3"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("3.1"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("unknown"));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
