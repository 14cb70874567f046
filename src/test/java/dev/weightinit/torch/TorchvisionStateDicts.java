package dev.weightinit.torch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nine torchvision families' state_dict names and shapes, as torchvision 0.14 builds the models
 * (the resource {@code /torch/torchvision-0.14-state-dicts.json}; the command that made it is its
 * {@code _source}), for tests that need real layouts without torchvision.
 */
public final class TorchvisionStateDicts {
    private TorchvisionStateDicts() {
    }

    /** Model name (resnet18, vit_b_16, ...) to its tensors' shapes, in state_dict order. */
    public static Map<String, Map<String, Shape>> load() throws IOException {
        try (InputStream in = TorchvisionStateDicts.class.getResourceAsStream("/torch/torchvision-0.14-state-dicts.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Map<String, Shape>> models = new LinkedHashMap<>();
            root.fields().forEachRemaining(model -> {
                if (model.getValue().isObject()) {
                    Map<String, Shape> shapes = new LinkedHashMap<>();
                    model.getValue().fields().forEachRemaining(t -> {
                        long[] dims = new long[t.getValue().size()];
                        for (int i = 0; i < dims.length; i++) {
                            dims[i] = t.getValue().get(i).asLong();
                        }
                        shapes.put(t.getKey(), Shape.of(dims));
                    });
                    models.put(model.getKey(), shapes);
                }
            });
            return models;
        }
    }
}
