package dev.weightinit.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one initializer's config map (as JSON parsing gives it: numbers, strings, booleans, lists,
 * maps, nulls) with typed getters whose errors name the class, the key, the value and what is
 * allowed. Like Keras' {@code cls(**config)}, a key the class does not take is an error; the one
 * exception is {@code dtype}, which TensorFlow 1 and early tf.keras configs carry and which has no
 * effect on the values.
 */
final class ConfigReader {
    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

    private final String className;
    private final Map<String, Object> config;
    private final Set<String> read = new TreeSet<>();

    ConfigReader(String className, Map<String, ?> config) {
        this.className = className;
        this.config = config == null ? Map.of() : new LinkedHashMap<>(config);
    }

    boolean has(String key) {
        return config.containsKey(key);
    }

    /** A finite number, or {@code defaultValue} when the key is absent. */
    double number(String key, double defaultValue) {
        read.add(key);
        if (!config.containsKey(key)) {
            return defaultValue;
        }
        Object value = config.get(key);
        if (!(value instanceof Number number) || value instanceof BigInteger && ((BigInteger) value).bitLength() > 1023) {
            throw error(key, value, "a finite number");
        }
        double result = number.doubleValue();
        if (!Double.isFinite(result)) {
            throw error(key, value, "a finite number");
        }
        return result;
    }

    /** A string, or {@code defaultValue} when the key is absent; {@code null} only if allowed. */
    String string(String key, String defaultValue, boolean nullable) {
        read.add(key);
        if (!config.containsKey(key)) {
            return defaultValue;
        }
        Object value = config.get(key);
        if (value == null && nullable) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw error(key, value, nullable ? "a string or null" : "a string");
        }
        return text;
    }

    boolean bool(String key, boolean defaultValue) {
        read.add(key);
        if (!config.containsKey(key)) {
            return defaultValue;
        }
        Object value = config.get(key);
        if (!(value instanceof Boolean flag)) {
            throw error(key, value, "true or false");
        }
        return flag;
    }

    /** A list of integers (axes), or {@code null} when absent or null. */
    List<Integer> integers(String key) {
        read.add(key);
        Object value = config.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number single && isIntegral(single)) {
            return List.of(single.intValue());
        }
        if (!(value instanceof List<?> list)) {
            throw error(key, value, "a list of integers or null");
        }
        List<Integer> result = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Number number) || !isIntegral(number)) {
                throw error(key, value, "a list of integers or null");
            }
            result.add(number.intValue());
        }
        return List.copyOf(result);
    }

    /** The raw value (for window arrays and similar), {@code null} when absent. */
    Object raw(String key) {
        read.add(key);
        return config.get(key);
    }

    /**
     * The seed: absent or {@code null} gives {@code null}; an integer within the signed or unsigned
     * 64-bit range gives its two's-complement bits; a serialized Keras {@code SeedGenerator}
     * (a map whose {@code config} has {@code seed}) gives that seed.
     */
    Long seed() {
        read.add("seed");
        return seedValue(config.get("seed"));
    }

    private Long seedValue(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Object name = map.get("class_name");
            Object inner = map.get("config");
            if (!"SeedGenerator".equals(name) || !(inner instanceof Map<?, ?> generator)) {
                throw error("seed", value, "an integer, null, or a serialized SeedGenerator");
            }
            Long seed = seedValue(generator.get("seed"));
            if (seed == null) {
                throw error("seed", value, "a SeedGenerator with an integer seed");
            }
            return seed;
        }
        if (value instanceof Number number && isIntegral(number)) {
            BigInteger big = number instanceof BigInteger b ? b : BigInteger.valueOf(number.longValue());
            if (big.signum() >= 0 && big.compareTo(TWO_POW_64) < 0 || big.bitLength() < 64) {
                return big.longValue();
            }
        }
        throw error("seed", value, "an integer in the signed or unsigned 64-bit range, null, or a serialized SeedGenerator");
    }

    private static boolean isIntegral(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof BigInteger) {
            return true;
        }
        double d = number.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53;
    }

    /**
     * @throws IllegalArgumentException if the config holds keys this class does not take
     */
    void finish() {
        List<String> unknown = new ArrayList<>();
        for (String key : config.keySet()) {
            if (!read.contains(key) && !key.equals("dtype")) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(className + " config has unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + unknown + ": " + className + " takes " + (read.isEmpty() ? "no arguments" : read.toString()));
        }
    }

    IllegalArgumentException error(String key, Object value, String allowed) {
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return new IllegalArgumentException(className + " argument " + key + " is " + shown + ": expected " + allowed);
    }
}
