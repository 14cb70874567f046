package dev.weightinit.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One parameter of an initializer, as its dialect names it in configs: its kind, its default, and
 * the values it allows. A {@link Declaration} lists an initializer's parameters in its config's
 * key order. Values are normalised when read: numbers to {@code Double}, integer lists to an
 * unmodifiable {@code List<Integer>}, a seed to {@code Long} (or {@code null}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Parameter {
    /** What a parameter holds. */
    public enum Kind {
        /** A finite number. */
        NUMBER,
        /** A string (one of a fixed set where {@link #oneOf} says so). */
        STRING,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /**
         * A seed: {@code null} (drawn when built), an integer in the signed or unsigned 64-bit range,
         * or a serialized Keras {@code SeedGenerator}.
         */
        SEED,
        /** A list of integers (a single integer is a list of one), or {@code null}. */
        INTEGERS,
        /** One signed 64-bit integer. */
        INTEGER,
        /** Any value its own normaliser accepts. */
        VALUE
    }

    private final String name;
    private final Kind kind;
    private final Object defaultValue;
    private final boolean nullable;
    private final boolean hidden;
    private final String allowed;
    private final Function<Object, String> check;
    private final Function<Object, Object> normaliser;
    private final List<String> choices;

    private Parameter(String name, Kind kind, Object defaultValue, boolean nullable, boolean hidden, String allowed,
                      Function<Object, String> check, Function<Object, Object> normaliser, List<String> choices) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.nullable = nullable;
        this.hidden = hidden;
        this.allowed = allowed;
        this.check = check;
        this.normaliser = normaliser;
        this.choices = choices;
    }

    /** The default of a parameter that a config must give (PyTorch's {@code constant_(tensor, val)}). */
    public static final Object REQUIRED = new Object() {
        @Override
        public String toString() {
            return "required";
        }
    };

    /** A finite number that a config must give: it has no default. */
    public static Parameter requiredNumber(String name) {
        return new Parameter(name, Kind.NUMBER, REQUIRED, false, false, "a finite number", v -> null, null, null);
    }

    /** Whether a config must give this parameter. */
    public boolean required() {
        return defaultValue == REQUIRED;
    }

    /** A finite number. */
    public static Parameter number(String name, double defaultValue) {
        return new Parameter(name, Kind.NUMBER, defaultValue, false, false, "a finite number", v -> null, null, null);
    }

    /** A string. */
    public static Parameter string(String name, String defaultValue) {
        return new Parameter(name, Kind.STRING, defaultValue, false, false, "a string", v -> null, null, null);
    }

    public static Parameter bool(String name, boolean defaultValue) {
        return new Parameter(name, Kind.BOOLEAN, defaultValue, false, false, "true or false", v -> null, null, null);
    }

    /** A signed 64-bit integer ({@code null} allowed only after {@link #orNull()}). */
    public static Parameter integer(String name, Long defaultValue) {
        return new Parameter(name, Kind.INTEGER, defaultValue, false, false, "an integer", v -> null, null, null);
    }

    /** This integer parameter, allowing only values {@code >= minimum}. */
    public Parameter atLeast(long minimum) {
        return withCheck("an integer >= " + minimum, v -> (Long) v >= minimum ? null : "");
    }

    /** The parameter {@code seed}, default {@code null}. */
    public static Parameter seed() {
        return new Parameter("seed", Kind.SEED, null, true, false,
                Integers.SEED_RANGE + ", null, or a serialized SeedGenerator", v -> null, null, null);
    }

    /** A list of axes, default {@code null}; left out of the config while {@code null}. */
    public static Parameter axes(String name) {
        return new Parameter(name, Kind.INTEGERS, null, true, false, "a list of integers or null", v -> null, null, null);
    }

    /**
     * A value of any JSON shape: {@code normaliser} returns it in the form kept (immutable), or
     * throws {@link IllegalArgumentException} with the message's "expected ..." part.
     */
    public static Parameter value(String name, Object defaultValue, String allowed, Function<Object, Object> normaliser) {
        return new Parameter(name, Kind.VALUE, defaultValue, true, false, allowed, v -> null, normaliser, null);
    }

    /** This number parameter, allowing only values {@code >= 0}. */
    public Parameter nonNegative() {
        return withCheck("a finite number >= 0", v -> (Double) v >= 0 ? null : "");
    }

    /** This number parameter, allowing only values {@code > 0}. */
    public Parameter positive() {
        return withCheck("a finite number > 0", v -> (Double) v > 0 ? null : "");
    }

    /** This number parameter, allowing only values {@code > 0} that float32 holds as finite numbers. */
    public Parameter positiveFloat32() {
        return withCheck("a number > 0 within float32's range", v -> (Double) v > 0 && Float.isFinite((float) (double) (Double) v) ? null : "");
    }

    /** This number parameter, allowing only values that float32 holds as finite numbers. */
    public Parameter float32Range() {
        return withCheck("a finite number within float32's range", v -> Float.isFinite((float) (double) (Double) v) ? null : "");
    }

    /** This string parameter, allowing only {@code choices}. */
    public Parameter oneOf(String... choices) {
        List<String> list = List.of(choices);
        return new Parameter(name, kind, defaultValue, nullable, hidden, choices(list, nullable),
                v -> v == null || list.contains(v) ? null : "", normaliser, list);
    }

    /** This parameter, also allowing {@code null}. */
    public Parameter orNull() {
        String text = choices != null ? choices(choices, true) : allowed + " or null";
        return new Parameter(name, kind, defaultValue, true, hidden, text, check, normaliser, choices);
    }

    /** "real or imag", "density, spectrum or null", "one of fan_in, fan_out, fan_avg". */
    private static String choices(List<String> list, boolean orNull) {
        if (orNull) {
            return String.join(", ", list) + " or null";
        }
        return list.size() == 2 ? list.get(0) + " or " + list.get(1) : "one of " + String.join(", ", list);
    }


    /**
     * This parameter with a value fixed by the class rather than configured: it is not in the
     * config and a config may not set it (Keras presets such as {@code HeNormal}'s scale).
     */
    public Parameter fixed(Object value) {
        return new Parameter(name, kind, normalise(value, null), nullable, true, allowed, check, normaliser, choices);
    }

    private Parameter withCheck(String newAllowed, Function<Object, String> newCheck) {
        return new Parameter(name, kind, defaultValue, nullable, hidden, newAllowed, newCheck, normaliser, choices);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The value when a config leaves the parameter out (normalised). */
    public Object defaultValue() {
        return kind == Kind.NUMBER && defaultValue instanceof Number n ? n.doubleValue() : defaultValue;
    }

    /** This number parameter, allowing only values in {@code [low, high]}. */
    public Parameter within(double low, double high) {
        return withCheck("a number from " + low + " to " + high, v -> (Double) v >= low && (Double) v <= high ? null : "");
    }

    /** Whether the class fixes the value, so that it is neither configured nor in the config. */
    public boolean hidden() {
        return hidden;
    }

    /** What the parameter allows, as error messages say it ("a finite number >= 0"). */
    public String allowed() {
        return allowed;
    }

    /**
     * Checks and normalises a value as a config or a constructor gives it.
     *
     * @param className for the error message
     * @throws IllegalArgumentException "{@code CLASS argument NAME is VALUE: expected ALLOWED}"
     */
    public Object normalise(Object value, String className) {
        if (value == null) {
            if (!nullable) {
                throw error(className, null);
            }
            return null;
        }
        Object result = switch (kind) {
            case NUMBER -> number(value);
            case STRING -> value instanceof String ? value : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case SEED -> seed(value);
            case INTEGERS -> integers(value);
            case INTEGER -> Integers.signed64(value);
            case VALUE -> {
                try {
                    yield normaliser.apply(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(className + " argument " + name + " is " + shown(value) + ": expected "
                            + e.getMessage(), e);
                }
            }
        };
        if (result == null || check.apply(result) != null) {
            throw error(className, value);
        }
        return result;
    }

    private IllegalArgumentException error(String className, Object value) {
        return new IllegalArgumentException(className + " argument " + name + " is " + shown(value) + ": expected " + allowed);
    }

    private static String shown(Object value) {
        return abbreviated(value instanceof String ? "'" + value + "'" : String.valueOf(value));
    }

    /** A value as error messages show it: at most 200 characters, so a huge input does not make a huge message. */
    public static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 180) + "... (" + text.length() + " characters)";
    }

    private static Double number(Object value) {
        if (!(value instanceof Number number) || value instanceof BigInteger big && big.bitLength() > 1023) {
            return null;
        }
        double result = number.doubleValue();
        return Double.isFinite(result) ? result : null;
    }

    private static Long seed(Object value) {
        if (value instanceof Map<?, ?> map) {
            Object inner = map.get("config");
            if ("SeedGenerator".equals(map.get("class_name")) && inner instanceof Map<?, ?> generator
                    && generator.get("seed") != null) {
                return seed(generator.get("seed"));
            }
            return null;
        }
        return Integers.seedBits(value);
    }

    private static List<Integer> integers(Object value) {
        List<?> items = value instanceof List<?> list ? list
                : value instanceof int[] array ? Arrays.stream(array).boxed().toList()
                : value instanceof Number ? List.of(value) : null;
        if (items == null) {
            return null;
        }
        List<Integer> result = new ArrayList<>();
        for (Object item : items) {
            Integer integer = Integers.signed32(item);
            if (integer == null) {
                return null;
            }
            result.add(integer);
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return name + " (" + allowed + (hidden ? ", fixed " + defaultValue : ", default " + defaultValue) + ")";
    }
}
