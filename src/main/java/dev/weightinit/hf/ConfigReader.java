package dev.weightinit.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.engine.DType;
import java.io.IOException;

/**
 * Typed access to a Hugging Face {@code config.json}: each value read by name, with its type and
 * range checked where it is read, and errors that name the config and the field. The one reader of
 * configs; architecture tables ask it for fields, never the JSON tree. Immutable.
 */
public final class ConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode config;
    private final String source;

    private ConfigReader(JsonNode config, String source) {
        this.config = config;
        this.source = source;
    }

    /**
     * @param source the config's name for messages (its path, or a shipped name)
     * @throws IllegalArgumentException when the bytes are not one JSON object
     */
    public static ConfigReader parse(byte[] bytes, String source) {
        JsonNode config;
        try {
            config = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + source + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("config " + source + " is not a JSON object");
        }
        return new ConfigReader(config, source);
    }

    /**
     * A config already parsed (a layout file carries one).
     *
     * @throws IllegalArgumentException when it is not a JSON object
     */
    public static ConfigReader of(JsonNode config, String source) {
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("config " + source + " is not a JSON object");
        }
        return new ConfigReader(config, source);
    }

    /** The config's name, for messages. */
    public String source() {
        return source;
    }

    /**
     * A required positive integer field.
     *
     * @throws IllegalArgumentException naming the field when it is missing or not a positive integer
     */
    public long positive(String name) {
        JsonNode node = config.path(name);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw new IllegalArgumentException(source + ": config field " + name + " is " + (node.isMissingNode() ? "missing"
                    : abbreviated(node)) + ": expected a positive integer of at most 2^63 - 1");
        }
        return node.asLong();
    }

    /** A positive integer field, or {@code fallback} when it is absent or {@code null}. */
    public long positive(String name, long fallback) {
        return isAbsent(name) ? fallback : positive(name);
    }

    /**
     * An integer field, or {@code null} when it is absent or {@code null}.
     *
     * @throws IllegalArgumentException naming the field when it holds anything else
     */
    public Long optionalInteger(String name) {
        if (isAbsent(name)) {
            return null;
        }
        JsonNode node = config.get(name);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(source + ": config field " + name + " is " + abbreviated(node)
                    + ": expected an integer of 64 bits, or null");
        }
        return node.asLong();
    }

    /**
     * A boolean field, or {@code fallback} when it is absent or {@code null}.
     *
     * @throws IllegalArgumentException naming the field when it is not {@code true} or {@code false} (a string is not)
     */
    public boolean flag(String name, boolean fallback) {
        if (isAbsent(name)) {
            return fallback;
        }
        JsonNode node = config.get(name);
        if (!node.isBoolean()) {
            throw new IllegalArgumentException(source + ": config field " + name + " is " + abbreviated(node) + ": expected true or false");
        }
        return node.asBoolean();
    }

    /**
     * A text field, or {@code fallback} when it is absent or {@code null}.
     *
     * @throws IllegalArgumentException naming the field when it is not a string
     */
    public String text(String name, String fallback) {
        if (isAbsent(name)) {
            return fallback;
        }
        JsonNode node = config.get(name);
        if (!node.isTextual()) {
            throw new IllegalArgumentException(source + ": config field " + name + " is " + abbreviated(node) + ": expected a string");
        }
        return node.asText();
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    /** The first entry of {@code architectures}, or {@code null} when there is none. */
    public String firstArchitecture() {
        JsonNode list = config.path("architectures");
        return list.isArray() && list.size() > 0 ? list.get(0).asText() : null;
    }

    /** {@code architectures} as written, for messages. */
    public String architecturesText() {
        return config.path("architectures").toString();
    }

    /**
     * {@code initializer_range}: the std of transformers' normal inits, 0.02 when absent.
     *
     * @throws IllegalArgumentException when it is not a number of at least 0
     */
    public double initializerRange() {
        JsonNode node = config.path("initializer_range");
        if (node.isMissingNode()) {
            return 0.02;
        }
        if (!node.isNumber() || !(node.asDouble() >= 0)) {
            throw new IllegalArgumentException(source + ": config field initializer_range is " + node + ": expected a number >= 0");
        }
        return node.asDouble();
    }

    /** The dtype of {@code torch_dtype} (else {@code dtype}): bfloat16, float16 or float32, else {@code null}. */
    public DType dtype() {
        String name = config.path("torch_dtype").asText(config.path("dtype").asText(""));
        return switch (name) {
            case "bfloat16" -> DType.BFLOAT16;
            case "float16" -> DType.FLOAT16;
            case "float32" -> DType.FLOAT32;
            default -> null;
        };
    }

    private boolean isAbsent(String name) {
        return config.path(name).isMissingNode() || config.get(name).isNull();
    }
}
