package dev.weightinit.keras;

/**
 * Which writer produced an initializer config. The dialects agree on the JSON's shape but not on
 * every name or formula; each is read with its own meaning:
 * <ul>
 *   <li>{@link #KERAS3}: {@code {"module", "class_name", "config", "registered_name"}}; Keras 3's
 *       names and formulas.</li>
 *   <li>{@link #KERAS2}: tf.keras and Keras 2.2 and later, {@code {"class_name", "config"}}; also
 *       the {@code XxxV2} class names of TensorFlow 2 and a stray {@code dtype} key. Legacy
 *       VarianceScaling {@code "normal"} is a truncated normal with the 0.8796 correction, as in
 *       Keras 3.</li>
 *   <li>{@link #KERAS2_LEGACY}: Keras 2.0 and 2.1 ({@code keras_version} below 2.2), whose
 *       VarianceScaling {@code "normal"} (and so {@code glorot_normal}, {@code he_normal},
 *       {@code lecun_normal}) was a truncated normal of stddev {@code sqrt(scale / n)} with no
 *       correction: read as {@code truncated_normal} with {@code scale * 0.8796^2}.</li>
 *   <li>{@link #TFJS}: TensorFlow.js {@code model.json}; its VarianceScaling {@code "normal"} is
 *       also uncorrected (tfjs-layers calls {@code truncatedNormal(0, sqrt(scale))}), it names
 *       {@code LeCunNormal}/{@code LeCunUniform}, and accepts camelCase identifiers
 *       ({@code glorotUniform}).</li>
 * </ul>
 */
public enum KerasDialect {
    KERAS3, KERAS2, KERAS2_LEGACY, TFJS;

    /** Whether VarianceScaling's legacy {@code "normal"} omits the 0.8796 truncation correction. */
    boolean uncorrectedLegacyNormal() {
        return this == KERAS2_LEGACY || this == TFJS;
    }

    /**
     * The dialect of a Keras 2 model file from its {@code keras_version}: below 2.2 is legacy.
     */
    public static KerasDialect ofKeras2Version(String kerasVersion) {
        if (kerasVersion == null) {
            return KERAS2;
        }
        if (kerasVersion.startsWith("tfjs")) {
            return TFJS;
        }
        String[] parts = kerasVersion.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major == 2 && minor < 2 || major < 2 ? KERAS2_LEGACY : KERAS2;
        } catch (NumberFormatException e) {
            return KERAS2;
        }
    }
}
