package dev.weightinit.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What an initializer class is in its dialect: its class name, its parameters in config key order
 * with their names, defaults and ranges, checks across parameters, and how to make an instance
 * from a {@link Config}. Everything else about a {@link DeclaredInitializer} — {@code className},
 * {@code getConfig}, {@code copy}, reading a config map, equality, the registry entry — is derived
 * from it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the initializer class
 */
public final class Declaration<T extends Initializer> {
    private final String className;
    private final List<Parameter> parameters;
    private final List<Function<Config, String>> constraints;
    private final Function<Config, T> factory;

    private Declaration(String className, List<Parameter> parameters, List<Function<Config, String>> constraints,
                        Function<Config, T> factory) {
        this.className = className;
        this.parameters = List.copyOf(parameters);
        this.constraints = List.copyOf(constraints);
        this.factory = factory;
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : parameters) {
            if (!names.add(parameter.name())) {
                throw new IllegalArgumentException(className + " declares parameter " + parameter.name() + " twice");
            }
        }
    }

    /**
     * @param className  the dialect's class name ({@code HeNormal})
     * @param factory    the class's constructor from a config
     * @param parameters in the order of the dialect's {@code get_config()} keys
     */
    public static <T extends Initializer> Declaration<T> of(String className, Function<Config, T> factory,
                                                             Parameter... parameters) {
        return new Declaration<>(className, List.of(parameters), List.of(), factory);
    }

    /**
     * This declaration with a check across parameters: {@code constraint} returns {@code null} for
     * a good config, else the error message.
     */
    public Declaration<T> constrained(Function<Config, String> constraint) {
        List<Function<Config, String>> all = new ArrayList<>(constraints);
        all.add(constraint);
        return new Declaration<>(className, parameters, all, factory);
    }

    /** This declaration under another class name, with some parameters replaced (by name) or added. */
    public <U extends Initializer> Declaration<U> derive(String newClassName, Function<Config, U> newFactory,
                                                          Parameter... replacements) {
        List<Parameter> all = new ArrayList<>(parameters);
        for (Parameter replacement : replacements) {
            int index = indexOf(replacement.name());
            if (index >= 0) {
                all.set(index, replacement);
            } else {
                all.add(replacement);
            }
        }
        return new Declaration<>(newClassName, all, constraints, newFactory);
    }

    public String className() {
        return className;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The names a config may set, sorted. */
    public Set<String> configurable() {
        Set<String> names = new TreeSet<>();
        for (Parameter parameter : parameters) {
            if (!parameter.hidden()) {
                names.add(parameter.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** Whether the class draws random values: it has a {@code seed} parameter. */
    public boolean seeded() {
        return indexOf("seed") >= 0;
    }

    /**
     * A config from name/value pairs as Java constructors give them; parameters left out take
     * their defaults.
     *
     * @param namesAndValues {@code "mean", 0.0, "stddev", 0.02, "seed", 7L}
     * @throws IllegalArgumentException naming the class, the argument, its value and what is allowed
     */
    public Config with(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected, got " + namesAndValues.length + " items");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            given.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return read(given, Set.of());
    }

    /**
     * A config from a dialect's config map (as JSON gives it). As Keras' {@code cls(**config)}, a key
     * that is not a parameter is an error, unless it is in {@code ignored}.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming both
     */
    public Config read(Map<String, ?> config, Set<String> ignored) {
        for (Object key : config.keySet()) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException(className + " config has the key " + Parameter.abbreviated(String.valueOf(key))
                        + (key == null ? "" : " of type " + key.getClass().getSimpleName()) + ": config keys are strings");
            }
        }
        List<String> unknown = new ArrayList<>();
        for (String key : config.keySet()) {
            int index = indexOf(key);
            if ((index < 0 || parameters.get(index).hidden()) && !ignored.contains(key)) {
                unknown.add(Parameter.abbreviated(key));
            }
        }
        if (!unknown.isEmpty()) {
            Set<String> takes = configurable();
            throw new IllegalArgumentException(className + " config has unknown key" + (unknown.size() > 1 ? "s " : " ")
                    + unknown + ": " + className + " takes " + (takes.isEmpty() ? "no arguments" : takes.toString()));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Parameter parameter : parameters) {
            if (parameter.required() && !config.containsKey(parameter.name())) {
                throw new IllegalArgumentException(className + " needs argument " + parameter.name() + " (" + parameter.allowed()
                        + "): it has no default");
            }
            Object value = parameter.hidden() || !config.containsKey(parameter.name()) ? parameter.defaultValue()
                    : parameter.normalise(config.get(parameter.name()), className);
            values.put(parameter.name(), value);
        }
        Config result = new Config(this, values, seeded() ? Seed.of((Long) values.get("seed")) : null);
        for (Function<Config, String> constraint : constraints) {
            String problem = constraint.apply(result);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        return result;
    }

    /** A new instance with {@code config} (which must be of this declaration). */
    public T create(Config config) {
        if (config.declaration() != this) {
            throw new IllegalArgumentException("a config of " + config.declaration().className() + " is not one of " + className);
        }
        return factory.apply(config);
    }

    /** {@link #read} then {@link #create}: Keras {@code from_config}. */
    public T fromConfig(Map<String, ?> config, Set<String> ignored) {
        return create(read(config, ignored));
    }

    private int indexOf(String name) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return className + parameters;
    }
}
