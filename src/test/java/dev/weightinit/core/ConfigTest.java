package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.engine.Distribution;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Config}: typed reads, the seed in use, Keras' clone, get_config's form (hidden and null axes left out), equality. */
class ConfigTest {
    static final class Fan extends ElementwiseInitializer implements Seeded {
        Fan(Config config) {
            super(config);
        }

        @Override
        protected Affine affine(Shape shape) {
            return new Affine(Distribution.NORMAL, 0, config().number("scale"));
        }
    }

    static final class Flat extends ElementwiseInitializer {
        Flat(Config config) {
            super(config);
        }

        @Override
        protected Affine affine(Shape shape) {
            return new Affine(Distribution.UNIFORM, 0, 0);
        }
    }

    private static Declaration<Fan> fan() {
        return Declaration.of("Fan", Fan::new, Parameter.number("scale", 1.0), Parameter.number("hidden", 1.0).fixed(2.0),
                Parameter.axes("input_axes"), Parameter.string("mode", "fan_in"), Parameter.bool("flag", false),
                Parameter.integer("groups", 1L), Parameter.seed());
    }

    @Test
    void typedReadsAndUnknownNames() {
        Declaration<Fan> fan = fan();
        Config c = fan.with("scale", 3, "input_axes", List.of(1, 2), "mode", "fan_out", "flag", true, "groups", 4, "seed", 5L);
        assertEquals(3.0, c.number("scale"));
        assertEquals(2.0, c.number("hidden"));
        assertEquals(List.of(1, 2), c.integers("input_axes"));
        assertEquals("fan_out", c.string("mode"));
        assertEquals(true, c.bool("flag"));
        assertEquals(4L, c.integer("groups"));
        assertEquals(5L, c.seed().value());
        assertEquals("Fan has no parameter depth", assertThrows(IllegalArgumentException.class, () -> c.get("depth")).getMessage());
        assertSame(fan, c.declaration());
    }

    /** get_config(): declared order, no fixed parameter, no null axes, but null seeds kept (Keras keeps seed: None). */
    @Test
    void theMapIsGetConfigsForm() {
        Config c = fan().with("scale", 3);
        assertEquals(List.of("scale", "mode", "flag", "groups", "seed"), List.copyOf(c.toMap().keySet()));
        assertNull(c.toMap().get("seed"));
        Config axes = fan().with("input_axes", List.of(0));
        assertEquals(List.of(0), axes.toMap().get("input_axes"));
        assertEquals("Fan{scale=3.0, mode=fan_in, flag=false, groups=1, seed=null}", c.toString());
    }

    @Test
    void theSeedInUseAndKerasClone() {
        Declaration<Fan> fan = fan();
        Config drawn = fan.with();
        assertEquals(drawn, drawn);
        Config redrawn = drawn.redrawn();
        assertNotEquals(drawn.seed().value(), redrawn.seed().value(), "a drawn seed is drawn anew (equal once in 2^64)");
        Config fixed = fan.with("seed", 9L);
        assertSame(fixed, fixed.redrawn(), "a given seed is kept");
        assertEquals(fixed, fan.with("seed", 9L));
        assertEquals(fixed.hashCode(), fan.with("seed", 9L).hashCode());
        assertNotEquals(fixed, fan.with("seed", 8L));
        assertNotEquals(fixed.hashCode(), fan.with("seed", 8L).hashCode());
        assertNotEquals(fixed, fan().with("seed", 9L), "another declaration, even of the same name");
        Declaration<Flat> flat = Declaration.of("Flat", Flat::new, Parameter.number("value", 0.0));
        Config unseeded = flat.with();
        assertSame(unseeded, unseeded.redrawn());
        assertEquals("Flat draws no random values: it has no seed",
                assertThrows(IllegalStateException.class, unseeded::seed).getMessage());
        assertEquals(Map.of("value", 0.0), flat.read(Map.of(), Set.of()).toMap());
    }
}
