package dev.weightinit.keras;

import dev.weightinit.core.Declaration;
import dev.weightinit.core.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Keras initializers by name: each class's declaration, in Keras' documentation order, and
 * every name that stands for it in each dialect (class name, snake case, Keras' aliases,
 * TensorFlow 2's {@code XxxV2}, TensorFlow.js spellings). Immutable after class initialization;
 * thread-safe.
 */
final class KerasRegistry {
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

    private KerasRegistry() {
    }

    private static void register(Declaration<?> declaration) {
        CLASSES.put(declaration.className(), declaration);
    }

    /** The declaration of a known class name. */
    static Declaration<?> declaration(String className) {
        Declaration<?> declaration = CLASSES.get(className);
        if (declaration == null) {
            throw unknown(className, KerasDialect.KERAS3);
        }
        return declaration;
    }

    /** Every name of the Keras 3 dialect, sorted. */
    static Set<String> names() {
        return new TreeSet<>(NAMES.keySet());
    }

    /** The class names, in Keras' documentation order. */
    static List<String> classNames() {
        return List.copyOf(CLASSES.keySet());
    }

    /**
     * The class name {@code name} stands for in {@code dialect}.
     *
     * @throws IllegalArgumentException for a name the dialect does not know, listing the known ones
     */
    static String resolve(String name, KerasDialect dialect) {
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

    static IllegalArgumentException unknown(String name, KerasDialect dialect) {
        return new IllegalArgumentException("initializer '" + Parameter.abbreviated(name) + "' is not known"
                + (dialect == KerasDialect.KERAS3 ? "" : " in the " + dialect + " dialect")
                + ": names are case-sensitive; known are " + names());
    }

    /** Keras' {@code to_snake_case}. */
    static String snakeCase(String name) {
        String intermediate = name.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        return intermediate.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
