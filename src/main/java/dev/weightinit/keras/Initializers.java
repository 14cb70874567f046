package dev.weightinit.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Config;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import dev.weightinit.engine.StreamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keras' {@code keras.initializers.get / serialize / deserialize}: finds initializers by every
 * Keras name and alias (case-sensitive, as in Keras), reads the JSON forms users have on disk and
 * writes the Keras 3 form. Thread-safe.
 *
 * <p>Names: each class name ({@code GlorotUniform}), its snake case ({@code glorot_uniform}), and
 * Keras' aliases {@code normal}, {@code uniform}, {@code one}, {@code zero},
 * {@code IdentityInitializer}, {@code OrthogonalInitializer}, {@code STFTInitializer}, and TensorFlow
 * 2's legacy {@code XxxV2} class names; in TensorFlow.js also
 * {@code LeCunNormal}/{@code LeCunUniform} and camelCase identifiers.
 */
public final class Initializers {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final double TRUNCATION_CORRECTION_SQUARED = StreamSpec.TRUNCATED_STDDEV * StreamSpec.TRUNCATED_STDDEV;

    /** Keys a Keras config may carry that no initializer takes: {@code dtype} (TensorFlow 1, early tf.keras). */
    private static final Set<String> IGNORED_KEYS = Set.of("dtype");
    /** Class name to declaration, in Keras' documentation order. */
    private static final Map<String, Declaration<?>> CLASSES = new LinkedHashMap<>();
    /** Every accepted name to its class name. */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        register(Zeros.DECLARATION);
        register(Ones.DECLARATION);
        register(Constant.DECLARATION);
        register(RandomNormal.DECLARATION);
        register(RandomUniform.DECLARATION);
        register(TruncatedNormal.DECLARATION);
        register(VarianceScaling.DECLARATION);
        register(GlorotNormal.DECLARATION);
        register(GlorotUniform.DECLARATION);
        register(HeNormal.DECLARATION);
        register(HeUniform.DECLARATION);
        register(LecunNormal.DECLARATION);
        register(LecunUniform.DECLARATION);
        register(Orthogonal.DECLARATION);
        register(Identity.DECLARATION);
        register(STFT.DECLARATION);
        for (String name : CLASSES.keySet()) {
            NAMES.put(name, name);
            NAMES.put(snakeCase(name), name);
        }
        NAMES.put("IdentityInitializer", "Identity");
        NAMES.put("OrthogonalInitializer", "Orthogonal");
        NAMES.put("STFTInitializer", "STFT");
        NAMES.put("normal", "RandomNormal");
        NAMES.put("uniform", "RandomUniform");
        NAMES.put("one", "Ones");
        NAMES.put("zero", "Zeros");
    }

    private Initializers() {
    }

    private static void register(Declaration<?> declaration) {
        CLASSES.put(declaration.className(), declaration);
    }

    /** The declaration of a class name (its parameters, defaults and ranges). */
    public static Declaration<?> declaration(String className) {
        Declaration<?> declaration = CLASSES.get(className);
        if (declaration == null) {
            throw unknown(className, KerasDialect.KERAS3);
        }
        return declaration;
    }

    /** Every name {@link #get} accepts in the Keras 3 dialect, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(NAMES.keySet());
    }

    /** The class name an alias stands for in the Keras 3 dialect, e.g. {@code he_normal -> HeNormal}. */
    public static String className(String alias) {
        String name = NAMES.get(alias);
        if (name == null) {
            throw unknown(alias, KerasDialect.KERAS3);
        }
        return name;
    }

    /**
     * Keras {@code get}: {@code null} gives {@code null}; a name gives a new initializer with default
     * arguments; a config map is deserialized; an initializer is returned as is.
     *
     * @throws IllegalArgumentException for an unknown name or a malformed config
     */
    public static Initializer get(Object identifier) {
        return get(identifier, null);
    }

    /** {@link #get} reading configs in {@code dialect} ({@code null}: detect from the config). */
    public static Initializer get(Object identifier, KerasDialect dialect) {
        if (identifier == null) {
            return null;
        }
        if (identifier instanceof Initializer initializer) {
            return initializer;
        }
        if (identifier instanceof String name) {
            return create(name, Map.of(), dialect == null ? KerasDialect.KERAS3 : dialect);
        }
        if (identifier instanceof Map<?, ?> map) {
            return deserialize(map, dialect);
        }
        throw new IllegalArgumentException("Could not interpret initializer identifier: " + Parameter.abbreviated(String.valueOf(identifier))
                + ": expected a name, a config map or an Initializer");
    }

    /**
     * Parses an initializer from JSON text: a quoted or bare name, or a config object in any dialect.
     *
     * @throws IllegalArgumentException for malformed JSON, an unknown name or a bad config
     */
    public static Initializer parse(String text, KerasDialect dialect) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("\"")) {
            return get(trimmed, dialect);
        }
        return get(readJson(trimmed), dialect);
    }

    /**
     * JSON text as maps, lists and numbers (integers exact), with text after the value refused.
     *
     * @throws IllegalArgumentException for malformed JSON
     */
    public static Object readJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("initializer JSON is not valid: " + e.getOriginalMessage());
        }
    }

    /**
     * Keras {@code deserialize}: reads {@code {"class_name", "config"}} with or without Keras 3's
     * {@code module} and {@code registered_name}.
     *
     * @param dialect {@code null} detects: {@code module} present means Keras 3, else Keras 2
     */
    public static Initializer deserialize(Map<?, ?> serialized, KerasDialect dialect) {
        Object className = serialized.get("class_name");
        if (className == null) {
            className = serialized.get("className"); // TensorFlow.js in-memory form
        }
        if (!(className instanceof String name)) {
            throw new IllegalArgumentException("initializer config " + Parameter.abbreviated(String.valueOf(serialized))
                    + " has no class_name string");
        }
        KerasDialect effective = dialect != null ? dialect
                : serialized.containsKey("module") ? KerasDialect.KERAS3 : KerasDialect.KERAS2;
        Object module = serialized.get("module");
        if (module != null && !(module instanceof String text && (text.equals("keras") || text.startsWith("keras.")))) {
            throw new IllegalArgumentException("initializer module '" + module + "' is not a Keras module: custom initializers "
                    + "are not available in weightinit (class " + name + ")");
        }
        Object config = serialized.get("config");
        if (config != null && !(config instanceof Map)) {
            throw new IllegalArgumentException("initializer " + name + " has config " + config + ": expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = config == null ? Map.of() : (Map<String, Object>) config;
        return create(name, map, effective);
    }

    /** Keras 2 / tf.keras form. */
    public static Initializer deserialize(Map<?, ?> serialized) {
        return deserialize(serialized, null);
    }

    /**
     * Keras 3 {@code serialize}: {@code {"module": "keras.initializers", "class_name", "config",
     * "registered_name": null}}.
     */
    public static Map<String, Object> serialize(Initializer initializer) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("module", "keras.initializers");
        result.put("class_name", initializer.className());
        result.put("config", initializer.getConfig());
        result.put("registered_name", null);
        return result;
    }

    /** {@link #serialize} as JSON text. */
    public static String toJson(Initializer initializer) {
        try {
            return JSON.writeValueAsString(serialize(initializer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the config of " + initializer.className(), e);
        }
    }

    /**
     * {@code initializer} with its seed replaced by {@code seed}; initializers that take no seed
     * are returned unchanged.
     */
    public static Initializer withSeed(Initializer initializer, long seed) {
        if (!(initializer instanceof Seeded seeded)) {
            return initializer;
        }
        Map<String, Object> config = new LinkedHashMap<>(initializer.getConfig());
        config.put("seed", seed);
        return seeded.config().declaration().fromConfig(config, Set.of()); // any dialect: its own declaration
    }

    /** Keras {@code from_config} for a known class name. */
    public static Initializer fromConfig(String className, Map<String, ?> config) {
        return create(className, config, KerasDialect.KERAS3);
    }

    private static Initializer create(String name, Map<String, ?> config, KerasDialect dialect) {
        String className = resolve(name, dialect);
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
        return CLASSES.get(className).fromConfig(config, IGNORED_KEYS);
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

    private static String resolve(String name, KerasDialect dialect) {
        String className = NAMES.get(name);
        if (className == null && name.endsWith("V2")) {
            className = NAMES.get(name.substring(0, name.length() - 2));
        }
        if (className == null && dialect == KerasDialect.TFJS) {
            className = switch (name) {
                case "LeCunNormal", "leCunNormal" -> "LecunNormal";
                case "LeCunUniform", "leCunUniform" -> "LecunUniform";
                default -> NAMES.get(snakeCase(name));
            };
        }
        if (className == null) {
            throw unknown(name, dialect);
        }
        return className;
    }

    private static IllegalArgumentException unknown(String name, KerasDialect dialect) {
        return new IllegalArgumentException("initializer '" + Parameter.abbreviated(name) + "' is not known"
                + (dialect == KerasDialect.KERAS3 ? "" : " in the " + dialect + " dialect")
                + ": names are case-sensitive; known are " + names());
    }

    /** Keras' {@code to_snake_case}. */
    static String snakeCase(String name) {
        String intermediate = name.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        return intermediate.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The class names, in Keras' documentation order. */
    public static List<String> classNames() {
        return List.copyOf(CLASSES.keySet());
    }
}
