package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Parameter} built here, in the test (not read from a class's static declaration), so every
 * builder and check runs under the test: what each kind accepts, what each restriction refuses, and
 * the message, "CLASS argument NAME is VALUE: expected ALLOWED", written out by hand.
 */
class ParameterTest {
    private static String error(Parameter p, Object value) {
        return assertThrows(IllegalArgumentException.class, () -> p.normalise(value, "X")).getMessage();
    }

    @Test
    void numbersAreFiniteAndWidenedToDouble() {
        Parameter p = Parameter.number("scale", 2);
        assertEquals("scale", p.name());
        assertEquals(Parameter.Kind.NUMBER, p.kind());
        assertEquals(2.0, p.defaultValue());
        assertFalse(p.required());
        assertFalse(p.hidden());
        assertEquals(3.0, p.normalise(3, "X"));
        assertEquals(0.5, p.normalise(0.5f, "X"));
        assertEquals("X argument scale is NaN: expected a finite number", error(p, Double.NaN));
        assertEquals("X argument scale is 'a': expected a finite number", error(p, "a"));
        assertEquals("X argument scale is null: expected a finite number", error(p, null));
        BigInteger huge = BigInteger.ONE.shiftLeft(1023);
        String digits = huge.toString(); // 2^1023 has 308 digits: past 200 characters, so cut to 180
        assertEquals("X argument scale is " + digits.substring(0, 180) + "... (308 characters): expected a finite number", error(p, huge));
        assertEquals(Math.pow(2, 1022), p.normalise(BigInteger.ONE.shiftLeft(1022), "X"));
        assertEquals("scale (a finite number, default 2.0)", p.toString());
    }

    @Test
    void restrictionsOfNumbers() {
        assertEquals(0.0, Parameter.number("s", 1).nonNegative().normalise(0.0, "X"));
        assertEquals("X argument s is -1.0: expected a finite number >= 0", error(Parameter.number("s", 1).nonNegative(), -1.0));
        assertEquals("X argument s is 0.0: expected a finite number > 0", error(Parameter.number("s", 1).positive(), 0.0));
        assertEquals(1e-300, Parameter.number("s", 1).positive().normalise(1e-300, "X"));
        assertEquals("X argument s is -1.0E-300: expected a number > 0 within float32's range",
                error(Parameter.number("s", 1).positiveFloat32(), -1e-300));
        assertEquals("X argument s is 1.0E39: expected a number > 0 within float32's range", error(Parameter.number("s", 1).positiveFloat32(), 1e39));
        assertEquals(3.0e38, Parameter.number("s", 1).positiveFloat32().normalise(3.0e38, "X"));
        assertEquals("X argument s is -1.0E39: expected a finite number within float32's range",
                error(Parameter.number("s", 1).float32Range(), -1e39));
        assertEquals(-3.0e38, Parameter.number("s", 1).float32Range().normalise(-3.0e38, "X"));
        Parameter within = Parameter.number("p", 0.5).within(0, 1);
        assertEquals(0.0, within.normalise(0, "X"));
        assertEquals(1.0, within.normalise(1, "X"));
        assertEquals("X argument p is 1.5: expected a number from 0.0 to 1.0", error(within, 1.5));
        assertEquals("X argument p is -0.5: expected a number from 0.0 to 1.0", error(within, -0.5));
        Parameter required = Parameter.requiredNumber("val");
        assertTrue(required.required());
        assertEquals(Parameter.REQUIRED, required.defaultValue());
        assertEquals("required", String.valueOf(Parameter.REQUIRED));
        assertEquals(4.0, required.normalise(4, "X"));
    }

    @Test
    void stringsBooleansAndChoices() {
        Parameter mode = Parameter.string("mode", "fan_in").oneOf("fan_in", "fan_out", "fan_avg");
        assertEquals("fan_out", mode.normalise("fan_out", "X"));
        assertEquals("X argument mode is 'fan_sideways': expected one of fan_in, fan_out, fan_avg", error(mode, "fan_sideways"));
        assertEquals("X argument mode is 3: expected one of fan_in, fan_out, fan_avg", error(mode, 3));
        Parameter two = Parameter.string("part", "real").oneOf("real", "imag");
        assertEquals("real or imag", two.allowed());
        Parameter nullable = Parameter.string("scaling", null).oneOf("density", "spectrum").orNull();
        assertEquals("density, spectrum or null", nullable.allowed());
        assertNull(nullable.normalise(null, "X"));
        assertEquals("X argument scaling is 'x': expected density, spectrum or null", error(nullable, "x"));
        Parameter nullableFirst = Parameter.string("scaling", null).orNull().oneOf("density", "spectrum");
        assertEquals("density, spectrum or null", nullableFirst.allowed());
        assertEquals("a string or null", Parameter.string("s", "a").orNull().allowed());
        assertEquals("X argument s is null: expected a string", error(Parameter.string("s", "a"), null));
        Parameter flag = Parameter.bool("periodic", true);
        assertEquals(Parameter.Kind.BOOLEAN, flag.kind());
        assertEquals(true, flag.defaultValue());
        assertEquals(false, flag.normalise(false, "X"));
        assertEquals("X argument periodic is 'true': expected true or false", error(flag, "true"));
    }

    @Test
    void integersSeedsAndAxes() {
        Parameter index = Parameter.integer("padding_idx", null).orNull();
        assertEquals(Parameter.Kind.INTEGER, index.kind());
        assertEquals(-5L, index.normalise(-5, "X"));
        assertNull(index.normalise(null, "X"));
        assertEquals("X argument padding_idx is 1.5: expected an integer or null", error(index, 1.5));
        Parameter groups = Parameter.integer("groups", 1L).atLeast(1);
        assertEquals(1L, groups.normalise(1, "X"));
        assertEquals("X argument groups is 0: expected an integer >= 1", error(groups, 0));
        Parameter seed = Parameter.seed();
        assertEquals("seed", seed.name());
        assertNull(seed.defaultValue());
        assertEquals(-1L, seed.normalise(new BigInteger("18446744073709551615"), "X"), "unsigned 2^64 - 1 is its 64 bits");
        assertEquals(7L, seed.normalise(Map.of("class_name", "SeedGenerator", "config", Map.of("seed", 7)), "X"));
        assertThrows(IllegalArgumentException.class, () -> seed.normalise(Map.of("class_name", "Other", "config", Map.of("seed", 7)), "X"));
        assertThrows(IllegalArgumentException.class, () -> seed.normalise(Map.of("class_name", "SeedGenerator", "config", Map.of()), "X"));
        assertThrows(IllegalArgumentException.class, () -> seed.normalise(1.5, "X"));
        Parameter axes = Parameter.axes("input_axes");
        assertEquals(List.of(1, -2), axes.normalise(List.of(1, -2), "X"));
        assertEquals(List.of(3), axes.normalise(3, "X"));
        assertEquals(List.of(0, 2), axes.normalise(new int[] {0, 2}, "X"));
        assertEquals("X argument input_axes is [1, 4294967296]: expected a list of integers or null",
                error(axes, List.of(1, 4294967296L)));
        assertEquals("X argument input_axes is 'x': expected a list of integers or null", error(axes, "x"));
    }

    @Test
    void fixedValuesAndValueParameters() {
        Parameter fixed = Parameter.number("scale", 1).fixed(2);
        assertTrue(fixed.hidden());
        assertEquals(2.0, fixed.defaultValue());
        assertEquals("scale (a finite number, fixed 2.0)", fixed.toString());
        Parameter window = Parameter.value("window", "hann", "a window name or values", v -> {
            if (!(v instanceof String)) {
                throw new IllegalArgumentException("a window name or values");
            }
            return ((String) v).toLowerCase(java.util.Locale.ROOT);
        });
        assertEquals(Parameter.Kind.VALUE, window.kind());
        assertEquals("hann", window.normalise("HANN", "X"));
        assertEquals("X argument window is 3: expected a window name or values", error(window, 3));
        assertNull(window.normalise(null, "X"));
    }

    @Test
    void longValuesAreAbbreviatedInMessages() {
        assertEquals("x".repeat(200), Parameter.abbreviated("x".repeat(200)));
        assertEquals("x".repeat(180) + "... (201 characters)", Parameter.abbreviated("x".repeat(201)));
    }
}
