package dev.weightinit.keras;

import dev.weightinit.core.Config;
import dev.weightinit.core.Initializer;
import dev.weightinit.engine.StreamSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds an initializer from a name and config as each dialect means them ({@link KerasDialect}):
 * the defaults and keys a dialect's config may carry, TensorFlow.js camelCase modes, and the
 * uncorrected truncated normal of Keras 2.0-2.1's and TensorFlow.js' {@code normal} presets.
 * Thread-safe: stateless.
 */
final class KerasDialectForms {
    private static final double TRUNCATION_CORRECTION_SQUARED = StreamSpec.TRUNCATED_STDDEV * StreamSpec.TRUNCATED_STDDEV;
    /** Keys a Keras config may carry that no initializer takes: {@code dtype} (TensorFlow 1, early tf.keras). */
    private static final Set<String> IGNORED_KEYS = Set.of("dtype");

    private KerasDialectForms() {
    }

    static Initializer create(String name, Map<String, ?> config, KerasDialect dialect) {
        String className = KerasRegistry.resolve(name, dialect);
        if (dialect.uncorrectedLegacyNormal() && isLegacyNormalPreset(className, name, dialect)) {
            // glorot_normal etc. of Keras 2.0-2.1 and TensorFlow.js: uncorrected truncated normal.
            Map<String, Object> varianceConfig = new LinkedHashMap<>(config);
            varianceConfig.put("scale", className.startsWith("He") ? 2.0 : 1.0);
            varianceConfig.put("mode", className.startsWith("Glorot") ? "fan_avg" : "fan_in");
            varianceConfig.put("distribution", "normal");
            return legacyVarianceScaling(varianceConfig, dialect);
        }
        if (className.equals("VarianceScaling")) {
            return legacyVarianceScaling(config, dialect);
        }
        return KerasRegistry.declaration(className).fromConfig(config, IGNORED_KEYS);
    }

    /** VarianceScaling whose {@code "normal"} follows the dialect; TensorFlow.js camelCase modes accepted. */
    private static Initializer legacyVarianceScaling(Map<String, ?> config, KerasDialect dialect) {
        Map<String, Object> translated = new LinkedHashMap<>(config);
        Object mode = translated.get("mode");
        if (mode instanceof String text) {
            translated.put("mode", switch (text) {
                case "fanIn" -> "fan_in";
                case "fanOut" -> "fan_out";
                case "fanAvg" -> "fan_avg";
                default -> text;
            });
        }
        Object distribution = translated.getOrDefault("distribution", dialect == KerasDialect.TFJS ? "normal" : "truncated_normal");
        if ("truncatedNormal".equals(distribution)) {
            distribution = "truncated_normal";
        }
        translated.put("distribution", distribution);
        Config read = VarianceScaling.DECLARATION.read(translated, IGNORED_KEYS);
        if (!(distribution instanceof String text && text.equalsIgnoreCase("normal") && dialect.uncorrectedLegacyNormal())) {
            return VarianceScaling.DECLARATION.create(read);
        }
        // stddev sqrt(scale / n) before truncation is truncated_normal with scale * 0.8796^2.
        VarianceScaling legacy = VarianceScaling.DECLARATION.create(read);
        return new VarianceScaling(legacy.scale() * TRUNCATION_CORRECTION_SQUARED, legacy.mode(), "truncated_normal",
                legacy.seed().configured(), legacy.inputAxes(), legacy.outputAxes());
    }

    private static boolean isLegacyNormalPreset(String className, String name, KerasDialect dialect) {
        boolean preset = className.equals("GlorotNormal") || className.equals("HeNormal") || className.equals("LecunNormal");
        // tf.keras 2.2+ classes named GlorotNormal are corrected; the 2.0-2.1 functions and all of TensorFlow.js are not.
        return preset && (dialect == KerasDialect.TFJS || !Character.isUpperCase(name.charAt(0)));
    }
}
