package dev.weightinit.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An initializer's checked arguments: one value per parameter of its {@link Declaration}, in
 * declaration order, and the seed in use when the class draws random values.
 *
 * <p>Immutable and thread-safe.
 */
public final class Config {
    private final Declaration<?> declaration;
    private final Map<String, Object> values;
    private final Seed seed;

    Config(Declaration<?> declaration, Map<String, Object> values, Seed seed) {
        this.declaration = declaration;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.seed = seed;
    }

    public Declaration<?> declaration() {
        return declaration;
    }

    /** The value of a parameter as normalised ({@link Parameter}); {@code null} where the parameter allows it. */
    public Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException(declaration.className() + " has no parameter " + name);
        }
        return values.get(name);
    }

    public double number(String name) {
        return (Double) get(name);
    }

    public String string(String name) {
        return (String) get(name);
    }

    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    /** An integer parameter's value, or {@code null}. */
    public Long integer(String name) {
        return (Long) get(name);
    }

    /** A list of integers, or {@code null}. */
    @SuppressWarnings("unchecked")
    public List<Integer> integers(String name) {
        return (List<Integer>) get(name);
    }

    /**
     * The seed in use: the configured one, or the one drawn when this config was made.
     *
     * @throws IllegalStateException if the class has no seed parameter
     */
    public Seed seed() {
        if (seed == null) {
            throw new IllegalStateException(declaration.className() + " draws no random values: it has no seed");
        }
        return seed;
    }

    /** The same arguments with the seed drawn anew where it was drawn (Keras {@code clone()}). */
    public Config redrawn() {
        return seed == null || !seed.drawn() ? this : new Config(declaration, values, Seed.of(null));
    }

    /**
     * The dialect's {@code get_config()}: every configurable parameter in declaration order, with
     * {@code null} axes left out (so configs stay loadable by versions without them).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Parameter parameter : declaration.parameters()) {
            Object value = values.get(parameter.name());
            if (parameter.hidden() || value == null && parameter.kind() == Parameter.Kind.INTEGERS) {
                continue;
            }
            map.put(parameter.name(), value);
        }
        return map;
    }

    /** Same declaration, same values and same seed in use. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Config config && declaration == config.declaration && values.equals(config.values)
                && Objects.equals(seed, config.seed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(declaration.className(), values, seed);
    }

    @Override
    public String toString() {
        return declaration.className() + toMap();
    }
}
