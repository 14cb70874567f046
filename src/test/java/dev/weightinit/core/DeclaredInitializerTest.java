package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.engine.Distribution;
import dev.weightinit.keras.Identity;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@link DeclaredInitializer} derives from its config, with the expected strings written out:
 * the seeded/unseeded agreement between class and declaration (both directions, with the message
 * that names which), {@code toString} with and without a drawn seed, and a hash that is the
 * config's. Declarations are built in the tests so that PIT's reused JVMs build them under each
 * mutant.
 */
class DeclaredInitializerTest {
    /** Unseeded: a constant, Keras' {@code Constant} in miniature. */
    static final class Level extends ElementwiseInitializer {
        Level(Config config) {
            super(config);
        }

        @Override
        protected Affine affine(Shape shape) {
            return Affine.constant(config().number("value"));
        }
    }

    /** Seeded: uniform on [0, 1). */
    static final class Draw extends ElementwiseInitializer implements Seeded {
        Draw(Config config) {
            super(config);
        }

        @Override
        protected Affine affine(Shape shape) {
            return new Affine(Distribution.UNIFORM, 0, 1);
        }
    }

    @Test
    void aClassAndItsDeclarationAgreeOnTheSeedOrTheMessageSaysWhichWayTheyDiffer() {
        Declaration<Level> seededLevel = Declaration.of("SeededLevel", Level::new, Parameter.seed(), Parameter.number("value", 1.0));
        assertEquals(Level.class.getName() + " declares a seed but is not Seeded",
                assertThrows(IllegalStateException.class, () -> seededLevel.create(seededLevel.with())).getMessage());
        Declaration<Draw> unseededDraw = Declaration.of("UnseededDraw", Draw::new);
        assertEquals(Draw.class.getName() + " is Seeded but declares no seed",
                assertThrows(IllegalStateException.class, () -> unseededDraw.create(unseededDraw.with())).getMessage());
    }

    @Test
    void toStringIsTheConfigAndNamesADrawnSeed() {
        Declaration<Draw> draws = Declaration.of("Draw", Draw::new, Parameter.seed());
        Draw given = draws.create(draws.with("seed", 12L));
        assertEquals(given.config().toString(), given.toString(), "a given seed is in the config already");
        assertTrue(given.toString().contains("12"), given.toString());
        Draw drawn = draws.create(draws.with());
        long value = drawn.seed().value();
        assertEquals(drawn.config().toString() + " (drawn seed " + value + ")", drawn.toString());
        Declaration<Level> levels = Declaration.of("Level", Level::new, Parameter.number("value", 2.0));
        Level level = levels.create(levels.with("value", 0.5));
        assertEquals(level.config().toString(), level.toString());
        assertTrue(level.toString().startsWith("Level"), level.toString());
    }

    @Test
    void theHashIsTheConfigsAndEqualConfigsAreEqualInitializers() {
        Declaration<Level> levels = Declaration.of("Level", Level::new, Parameter.number("value", 2.0));
        Level a = levels.create(levels.with("value", 0.5));
        Level b = levels.create(levels.read(Map.of("value", 0.5), Set.of()));
        assertEquals(a.config().hashCode(), a.hashCode());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Map.of("value", 0.5), a.getConfig());
        assertSame(levels, a.config().declaration());
    }

    @Test
    void readingNamesANullKeyAndADeclarationWithoutArguments() {
        Declaration<Level> levels = Declaration.of("Level", Level::new, Parameter.number("value", 2.0));
        Map<String, Object> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1);
        assertEquals("Level config has the key null: config keys are strings",
                assertThrows(IllegalArgumentException.class, () -> levels.read(nullKey, Set.of())).getMessage());
        Declaration<Level> bare = Declaration.of("Bare", Level::new);
        assertEquals("Bare config has unknown key [value]: Bare takes no arguments",
                assertThrows(IllegalArgumentException.class, () -> bare.read(Map.of("value", 1), Set.of())).getMessage());
    }

    /** An initializer that does not know its spread in closed form says so with an empty value. */
    @Test
    void aHostComputedInitializerHasNoClosedFormStddev() {
        assertTrue(new Identity(3).expectedStddev(Shape.of(4, 4)).isEmpty());
    }

    /** An empty matrix is an empty array, without a QR. */
    @Test
    void anEmptyOrthogonalMatrixIsAnEmptyArray() {
        try (Backend cpu = new CpuBackend(1)) {
            assertEquals(0, OrthogonalMatrix.compute("Orthogonal", Shape.of(0, 3), 0, 3, 1.0, 1, 0, cpu).length);
            assertEquals(0, OrthogonalMatrix.compute("Orthogonal", Shape.of(3, 0), 3, 0, 1.0, 1, 0, cpu).length);
        }
    }
}
