package dev.weightinit.torch;

import dev.weightinit.core.ConfigShapes;
import dev.weightinit.core.Declaration;
import dev.weightinit.core.DeclaredInitializer;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PyTorch dialect's registry: every {@code torch.nn.init} function by its own name, with the
 * trailing underscore ({@code kaiming_normal_}, never a Keras name) or without it (torch's
 * deprecated aliases), and {@code torch.nn.Embedding}'s default init; configs in the form
 * {@code {"module": "torch.nn.init", "class_name": "kaiming_normal_", "config": {...}}} whose keys are
 * the function's keyword arguments with torch's defaults, plus {@code seed}. Thread-safe.
 */
public final class TorchInit {
    /** The {@code module} of a torch config. */
    public static final String MODULE = "torch.nn.init";

    private static final Map<String, Declaration<?>> FUNCTIONS = new LinkedHashMap<>();
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        for (Declaration<?> declaration : List.of(Uniform.DECLARATION, Normal.DECLARATION, TruncNormal.DECLARATION,
                Constant.DECLARATION, Ones.DECLARATION, Zeros.DECLARATION, Eye.DECLARATION, Dirac.DECLARATION,
                XavierUniform.DECLARATION, XavierNormal.DECLARATION, KaimingUniform.DECLARATION, KaimingNormal.DECLARATION,
                Orthogonal.DECLARATION, Sparse.DECLARATION, Embedding.DECLARATION)) {
            String name = declaration.className();
            FUNCTIONS.put(name, declaration);
            NAMES.put(name, name);
            if (name.endsWith("_")) {
                NAMES.put(name.substring(0, name.length() - 1), name);
            }
        }
    }

    private TorchInit() {
    }

    /** Every name {@link #get} accepts, sorted. */
    public static Set<String> names() {
        return new TreeSet<>(NAMES.keySet());
    }

    /** Whether {@code name} is a torch function name (with or without its underscore). */
    public static boolean knows(String name) {
        return NAMES.containsKey(name);
    }

    /** The functions' declarations, in {@code torch.nn.init}'s documentation order. */
    public static List<Declaration<?>> declarations() {
        return List.copyOf(FUNCTIONS.values());
    }

    /**
     * A name (torch's defaults; a function with a required argument, such as {@code constant_},
     * needs a config) or a config map.
     *
     * @throws IllegalArgumentException for an unknown name or a bad config
     */
    public static Initializer get(Object identifier) {
        if (identifier instanceof String name) {
            return fromConfig(name, Map.of());
        }
        if (identifier instanceof Map<?, ?> map) {
            return deserialize(map);
        }
        throw new IllegalArgumentException("torch initializer " + Parameter.abbreviated(String.valueOf(identifier))
                + ": expected a torch.nn.init function name or config");
    }

    /** Reads {@code {"module": "torch.nn.init", "class_name", "config"}} ({@code module} may be left out). */
    @SuppressWarnings("unchecked")
    public static Initializer deserialize(Map<?, ?> serialized) {
        ConfigShapes.check(serialized, "torch initializer config");
        Object module = serialized.get("module");
        if (module != null && !MODULE.equals(module)) {
            throw new IllegalArgumentException("initializer module '" + module + "' is not " + MODULE);
        }
        if (!(serialized.get("class_name") instanceof String name)) {
            throw new IllegalArgumentException("torch initializer config " + Parameter.abbreviated(String.valueOf(serialized))
                    + " has no class_name string");
        }
        Object config = serialized.get("config");
        if (config != null && !(config instanceof Map)) {
            throw new IllegalArgumentException("torch initializer " + name + " has config " + config + ": expected an object");
        }
        return fromConfig(name, config == null ? Map.of() : (Map<String, ?>) config);
    }

    public static Initializer fromConfig(String name, Map<String, ?> config) {
        ConfigShapes.check(config, "torch initializer config");
        String function = NAMES.get(name);
        if (function == null) {
            throw new IllegalArgumentException("torch initializer '" + Parameter.abbreviated(name) + "' is not known: expected one of "
                    + names());
        }
        return FUNCTIONS.get(function).fromConfig(config, Set.of());
    }

    /** The torch form of a torch initializer's config. */
    public static Map<String, Object> serialize(Initializer initializer) {
        if (!(initializer instanceof DeclaredInitializer declared) || !FUNCTIONS.containsKey(declared.className())) {
            throw new IllegalArgumentException(initializer.className() + " is not a torch initializer");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("module", MODULE);
        result.put("class_name", initializer.className());
        result.put("config", initializer.getConfig());
        return result;
    }
}
