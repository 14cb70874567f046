package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.Distribution;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a declaration derives for an initializer that is only its declaration and its mapping:
 * class name, config in declared key order, config reading with named errors, fixed parameters,
 * Keras' clone semantics for copy(), and equality.
 */
class DeclarationTest {
    /** A whole initializer in a few lines: uniform on [-width, width). */
    static final class Spread extends ElementwiseInitializer implements Seeded {
        static final Declaration<Spread> DECLARATION = Declaration.of("Spread", Spread::new, Parameter.seed(),
                Parameter.number("width", 1.0).positive(), Parameter.string("kind", "a").oneOf("a", "b", "c"));
        static final Declaration<Spread> NARROW = DECLARATION.derive("Narrow", Spread::new,
                Parameter.number("width", 1.0).fixed(0.25));

        Spread(Config config) {
            super(config);
        }

        @Override
        protected Affine affine(Shape shape) {
            double width = config().number("width");
            return new Affine(Distribution.UNIFORM, -width, 2 * width);
        }
    }

    @Test
    void theConfigFollowsTheDeclaredOrderAndTakesDefaults() {
        Spread spread = Spread.DECLARATION.create(Spread.DECLARATION.with("width", 2.0, "seed", 5L));
        assertEquals("Spread", spread.className());
        assertEquals(List.of("seed", "width", "kind"), List.copyOf(spread.getConfig().keySet()));
        assertEquals(5L, spread.getConfig().get("seed"));
        assertEquals("a", spread.getConfig().get("kind"));
        assertEquals(-2.0f, spread.fillSpec(TensorSpec.of(Shape.of(3), dev.weightinit.engine.DType.FLOAT32)).offset());
    }

    @Test
    void readingNamesTheClassTheKeyTheValueAndWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spread.DECLARATION.read(Map.of("widht", 1.0), Set.of()));
        assertEquals("Spread config has unknown key [widht]: Spread takes [kind, seed, width]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Spread.DECLARATION.read(Map.of("width", -1.0), Set.of()));
        assertEquals("Spread argument width is -1.0: expected a finite number > 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Spread.DECLARATION.read(Map.of("kind", "z"), Set.of()));
        assertEquals("Spread argument kind is 'z': expected one of a, b, c", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Spread.DECLARATION.read(Map.of("seed", 1e30), Set.of()));
        assertTrue(e.getMessage().startsWith("Spread argument seed is 1.0E30: expected an integer"), e.getMessage());
        assertEquals(Spread.DECLARATION.read(Map.of("dtype", "float32"), Set.of("dtype")).toMap().keySet(),
                Set.of("seed", "width", "kind"));
    }

    @Test
    void aFixedParameterIsNeitherConfiguredNorInTheConfig() {
        Spread narrow = Spread.NARROW.create(Spread.NARROW.with("seed", 1L));
        assertEquals(List.of("seed", "kind"), List.copyOf(narrow.getConfig().keySet()));
        assertEquals(-0.25f, narrow.fillSpec(TensorSpec.of(Shape.of(3), dev.weightinit.engine.DType.FLOAT32)).offset());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Spread.NARROW.read(Map.of("width", 3.0), Set.of()));
        assertEquals("Narrow config has unknown key [width]: Narrow takes [kind, seed]", e.getMessage());
    }

    @Test
    void copyRedrawsOnlyADrawnSeedAndEqualityIsConfigPlusSeed() {
        Spread seeded = Spread.DECLARATION.create(Spread.DECLARATION.with("seed", 9L));
        assertEquals(seeded, seeded.copy());
        assertEquals(seeded.hashCode(), seeded.copy().hashCode());
        assertEquals(9L, ((Seeded) seeded.copy()).seed().value());
        Spread drawn = Spread.DECLARATION.create(Spread.DECLARATION.with());
        assertNull(drawn.getConfig().get("seed"));
        assertTrue(drawn.seed().drawn());
        assertNotEquals(drawn, drawn.copy(), "a clone of an unseeded initializer draws a new seed");
        assertEquals(drawn.getConfig(), drawn.copy().getConfig());
        assertNotEquals(seeded, Spread.DECLARATION.create(Spread.DECLARATION.with("seed", 10L)));
        assertNotEquals(seeded, Spread.NARROW.create(Spread.NARROW.with("seed", 9L)));
    }

    @Test
    void aSeededClassMustDeclareASeed() {
        Declaration<Spread> unseeded = Declaration.of("Broken", Spread::new, Parameter.number("width", 1.0));
        assertThrows(IllegalStateException.class, () -> unseeded.create(unseeded.with()));
    }

    /** A replacement of the first parameter takes its place; it is not added as a second parameter of that name. */
    @Test
    void deriveReplacesTheFirstParameterInPlace() {
        Declaration<Spread> widthFirst = Declaration.of("WidthFirst", Spread::new, Parameter.number("width", 1.0), Parameter.seed());
        Declaration<Spread> fixed = widthFirst.derive("FixedFirst", Spread::new, Parameter.number("width", 1.0).fixed(3.0));
        assertEquals(3.0, fixed.with().number("width"));
        assertEquals(Set.of("seed"), fixed.with("seed", 1L).toMap().keySet());
    }

    /** Built in the test, not in a static field, so that PIT's reused JVMs run these builders under each mutant. */
    @Test
    void declarationsBuiltHereDeriveConstrainAndRefuseTwins() {
        Declaration<Spread> base = Declaration.of("Spread", Spread::new, Parameter.seed(), Parameter.number("width", 1.0).positive());
        assertEquals("Spread declares parameter width twice", assertThrows(IllegalArgumentException.class,
                () -> Declaration.of("Spread", Spread::new, Parameter.number("width", 1.0), Parameter.number("width", 2.0))).getMessage());
        Declaration<Spread> derived = base.derive("Wide", Spread::new, Parameter.number("width", 1.0).fixed(4.0),
                Parameter.string("kind", "a"));
        assertEquals("Wide", derived.className());
        Config wide = derived.with("kind", "b");
        assertEquals(4.0, wide.number("width"), "the replacement took the first declaration's place");
        assertEquals("b", wide.get("kind"));
        assertEquals("Wide config has unknown key [width]: Wide takes [kind, seed]",
                assertThrows(IllegalArgumentException.class, () -> derived.read(Map.of("width", 2.0), Set.of())).getMessage());
        Declaration<Spread> narrowOnly = base.constrained(c -> c.number("width") > 2 ? "width " + c.number("width") + " is over 2" : null);
        assertEquals(2.0, narrowOnly.with("width", 2.0).number("width"));
        assertEquals("width 3.0 is over 2", assertThrows(IllegalArgumentException.class, () -> narrowOnly.with("width", 3.0)).getMessage());
        assertEquals("name/value pairs expected, got 1 items", assertThrows(IllegalArgumentException.class,
                () -> base.with("width")).getMessage());
        assertEquals("a config of Wide is not one of Spread", assertThrows(IllegalArgumentException.class,
                () -> base.create(derived.with())).getMessage());
        Declaration<Spread> needs = Declaration.of("Needs", Spread::new, Parameter.seed(), Parameter.requiredNumber("val"));
        assertEquals("Needs needs argument val (a finite number): it has no default", assertThrows(IllegalArgumentException.class,
                () -> needs.read(Map.of(), Set.of())).getMessage());
        assertEquals("Needs config has unknown keys [a, b]: Needs takes [seed, val]", assertThrows(IllegalArgumentException.class,
                () -> needs.read(new java.util.TreeMap<>(Map.of("a", 1, "b", 2, "val", 1)), Set.of())).getMessage());
        assertEquals(1.0, needs.read(Map.of("val", 1, "dtype", "float32"), Set.of("dtype")).number("val"), "an ignored key is skipped");
        Map<Object, Object> numericKey = new java.util.HashMap<>();
        numericKey.put(7, 1);
        @SuppressWarnings("unchecked")
        Map<String, ?> raw = (Map<String, ?>) (Map<?, ?>) numericKey;
        assertEquals("Needs config has the key 7 of type Integer: config keys are strings",
                assertThrows(IllegalArgumentException.class, () -> needs.read(raw, Set.of())).getMessage());
        assertEquals("Spread[seed (" + Integers.SEED_RANGE + ", null, or a serialized SeedGenerator, default null), "
                + "width (a finite number > 0, default 1.0)]", base.toString());
    }
}
