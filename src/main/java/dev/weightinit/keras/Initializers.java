package dev.weightinit.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.ConfigShapes;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Parameter;
import dev.weightinit.core.Seeded;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras' {@code keras.initializers.get / serialize / deserialize}: finds initializers by every
 * Keras name and alias (case-sensitive, as in Keras), reads the JSON forms users have on disk and
 * writes the Keras 3 form. A facade: the names live in {@code KerasRegistry}, each dialect's reading
 * of a config in {@code KerasDialectForms}; this class reads and writes the serialized forms.
 * Thread-safe.
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

    private Initializers() {
    }

    /** The declaration of a class name (its parameters, defaults and ranges). */
    public static Declaration<?> declaration(String className) {
        return KerasRegistry.declaration(className);
    }

    /** Every name {@link #get} accepts in the Keras 3 dialect, sorted. */
    public static Set<String> names() {
        return KerasRegistry.names();
    }

    /** The class name an alias stands for in the Keras 3 dialect, e.g. {@code he_normal -> HeNormal}. */
    public static String className(String alias) {
        return KerasRegistry.resolve(alias, KerasDialect.KERAS3);
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
            return KerasDialectForms.create(name, Map.of(), dialect == null ? KerasDialect.KERAS3 : dialect);
        }
        if (identifier instanceof Map<?, ?> map) {
            return deserialize(map, dialect);
        }
        if (identifier instanceof Iterable<?>) {
            ConfigShapes.check(identifier, "initializer identifier");
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
        ConfigShapes.check(serialized, "initializer config");
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
        return KerasDialectForms.create(name, map, effective);
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
        ConfigShapes.check(config, "initializer config");
        return KerasDialectForms.create(className, config, KerasDialect.KERAS3);
    }

    /** The class names, in Keras' documentation order. */
    public static List<String> classNames() {
        return KerasRegistry.classNames();
    }
}
