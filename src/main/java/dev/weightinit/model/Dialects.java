package dev.weightinit.model;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.keras.Initializers;
import dev.weightinit.keras.VarianceScaling;
import dev.weightinit.torch.TorchInit;
import dev.weightinit.torch.TorchModules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which dialect reads a spec tensor's {@code initializer}, and with which fan rule:
 * <ul>
 *   <li>a config whose {@code module} is {@code torch.nn.init}, a name with torch's trailing
 *       underscore ({@code kaiming_normal_}), or a module default ({@code torch.nn.Linear}, ...):
 *       the PyTorch dialect;</li>
 *   <li>in a {@code "layout": "torch"} spec, bare names are torch's first ({@code normal} is
 *       {@code normal_}), then Keras'; and a Keras fan-based initializer (VarianceScaling and its
 *       presets) without explicit axes gets torch's fan rule through Keras 3.15's axes:
 *       {@code input_axes = [1, 2, ...]}, {@code output_axes = [0, 2, ...]};</li>
 *   <li>everything else: Keras ({@link Initializers#get}).</li>
 * </ul>
 * Thread-safe: stateless.
 */
public final class Dialects {
    private Dialects() {
    }

    /**
     * An initializer from the command line: a Keras or torch name, or a JSON config of either
     * dialect (a {@code torch.nn.init} module or a name with torch's underscore is torch's).
     *
     * @throws IllegalArgumentException for malformed JSON, an unknown name or a bad config
     */
    public static Initializer parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && (trimmed.endsWith("_") || trimmed.startsWith("torch.nn."))) {
            return TorchInit.get(trimmed);
        }
        if (trimmed.startsWith("{")) {
            Object json = Initializers.readJson(trimmed); // parsed once, for either dialect
            return json instanceof Map<?, ?> map && isTorchConfig(map) ? TorchInit.deserialize(map) : Initializers.get(json);
        }
        return Initializers.parse(trimmed, null);
    }

    /**
     * The initializer of a spec or rules-file entry: {@code identifier} read by the dialect its
     * form and the {@code layout} name (see the class comment).
     *
     * @param shapes       every tensor's shape by name (a module default finds its weight there)
     * @param moduleWeight the weight a bias's module default is computed from, or {@code null}
     * @throws IllegalArgumentException for an unknown name or a bad config
     */
    public static Initializer initializer(Object identifier, String layout, String tensorName, Shape shape, Map<String, Shape> shapes,
                                   String moduleWeight) {
        boolean torchLayout = "torch".equals(layout);
        if (identifier instanceof String name) {
            if (name.startsWith("torch.nn.") && TorchModules.MODULES.contains(name)) {
                Shape weight = weightShape(tensorName, shapes, moduleWeight);
                return moduleWeight != null ? TorchModules.initializer(name, "bias", tensorName, weight, null)
                        : TorchModules.initializer(name, tensorName, weight, null);
            }
            if (name.endsWith("_") || torchLayout && TorchInit.knows(name)) {
                return TorchInit.get(name);
            }
        }
        if (identifier instanceof Map<?, ?> map && isTorchConfig(map)) {
            return TorchInit.deserialize(map);
        }
        Initializer keras = Initializers.get(identifier);
        return torchLayout && shape.rank() >= 2 ? withTorchFans(keras, shape) : keras;
    }

    /** A torch config: module {@code torch.nn.init}, or a class name with torch's underscore or a {@code torch.nn.} module. */
    private static boolean isTorchConfig(Map<?, ?> map) {
        return TorchInit.MODULE.equals(map.get("module"))
                || map.get("class_name") instanceof String cls && (cls.endsWith("_") || cls.startsWith("torch.nn."));
    }

    /** Whether the initializer computes Keras' fans from the shape (no explicit axes). */
    static boolean usesKerasFans(Initializer initializer) {
        return initializer instanceof VarianceScaling vs && (vs.inputAxes() == null || vs.outputAxes() == null);
    }

    private static Initializer withTorchFans(Initializer keras, Shape shape) {
        if (!(keras instanceof VarianceScaling vs) || !usesKerasFans(keras)) {
            return keras;
        }
        List<Integer> input = new ArrayList<>(List.of(1));
        List<Integer> output = new ArrayList<>(List.of(0));
        for (int axis = 2; axis < shape.rank(); axis++) {
            input.add(axis);
            output.add(axis);
        }
        Map<String, Object> config = new LinkedHashMap<>(vs.getConfig());
        config.put("input_axes", input);
        config.put("output_axes", output);
        return vs.config().declaration().fromConfig(config, Set.of());
    }

    private static Shape weightShape(String tensorName, Map<String, Shape> shapes, String moduleWeight) {
        if (moduleWeight != null) {
            Shape shape = shapes.get(moduleWeight);
            if (shape == null) {
                throw new IllegalArgumentException("module_weight '" + moduleWeight + "' is not a tensor of the spec");
            }
            return shape;
        }
        int dot = tensorName.lastIndexOf('.');
        return dot < 0 ? shapes.get("weight") : shapes.get(tensorName.substring(0, dot) + ".weight");
    }
}
