package dev.weightinit.keras;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Initializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The initializers of every layer of a saved Keras model: a Keras 3 {@code config.json} (from a
 * {@code .keras} archive), a Keras 2 / tf.keras {@code model.to_json()} file, or a TensorFlow.js
 * {@code model.json}. Each layer's {@code *_initializer} arguments are read in the file's dialect
 * ({@link KerasDialect}): TensorFlow.js for {@code model.json} files (a {@code modelTopology}
 * key), Keras 3 when the root has {@code module}, else Keras 2 by {@code keras_version}.
 */
public final class KerasModels {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private KerasModels() {
    }

    /**
     * One initializer argument of one layer.
     *
     * @param layer       the layer's {@code name}
     * @param layerClass  the layer's {@code class_name}
     * @param argument    e.g. {@code kernel_initializer}
     * @param initializer the initializer it configures
     */
    public record LayerInitializer(String layer, String layerClass, String argument, Initializer initializer) {
    }

    /** The initializers of a model file, with the file's dialect. */
    public record ModelInitializers(KerasDialect dialect, List<LayerInitializer> initializers) {
    }

    /**
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException if it is not JSON, or an initializer in it is not valid
     */
    public static ModelInitializers read(Path file) {
        Object root;
        try {
            root = JSON.readValue(file.toFile(), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Keras model " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Keras model " + file + " is not a JSON object");
        }
        return read(map);
    }

    public static ModelInitializers read(Map<?, ?> root) {
        KerasDialect dialect;
        Object topology = root;
        if (root.containsKey("modelTopology")) {
            dialect = KerasDialect.TFJS;
            topology = root.get("modelTopology");
        } else if (root.containsKey("module")) {
            dialect = KerasDialect.KERAS3;
        } else {
            Object version = root.get("keras_version");
            dialect = KerasDialect.ofKeras2Version(version instanceof String text ? text : null);
        }
        List<LayerInitializer> found = new ArrayList<>();
        walk(topology, dialect, found);
        return new ModelInitializers(dialect, List.copyOf(found));
    }

    private static void walk(Object node, KerasDialect dialect, List<LayerInitializer> found) {
        if (node instanceof List<?> list) {
            for (Object item : list) {
                walk(item, dialect, found);
            }
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        Object className = map.get("class_name");
        Object config = map.get("config");
        if (className instanceof String layerClass && config instanceof Map<?, ?> layerConfig && layerConfig.containsKey("name")) {
            for (Map.Entry<?, ?> entry : layerConfig.entrySet()) {
                String key = String.valueOf(entry.getKey());
                Object value = entry.getValue();
                if (key.endsWith("_initializer") && value != null) {
                    String layer = String.valueOf(layerConfig.get("name"));
                    try {
                        found.add(new LayerInitializer(layer, layerClass, key, Initializers.get(value, dialect)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("layer " + layer + " " + key + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        for (Object value : map.values()) {
            if (value instanceof Map || value instanceof List) {
                walk(value, dialect, found);
            }
        }
    }
}
