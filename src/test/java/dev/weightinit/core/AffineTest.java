package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.engine.Distribution;
import org.junit.jupiter.api.Test;

/** {@link Affine}: bounds belong to the bounded normal alone, which needs a positive finite scale and a below b. */
class AffineTest {
    private static String error(Runnable make) {
        return assertThrows(IllegalArgumentException.class, make::run).getMessage();
    }

    @Test
    void onlyABoundedNormalHasBounds() {
        assertEquals("an initializer's values are not raw bits", error(() -> new Affine(Distribution.RAW_BITS, 0, 1)));
        assertEquals("only a bounded normal has bounds, not normal",
                error(() -> new Affine(Distribution.NORMAL, 0, 1, -1, Double.POSITIVE_INFINITY)));
        assertEquals("only a bounded normal has bounds, not uniform",
                error(() -> new Affine(Distribution.UNIFORM, 0, 1, Double.NEGATIVE_INFINITY, 2)));
        assertEquals("normal has no bounds", assertThrows(IllegalStateException.class,
                () -> new Affine(Distribution.NORMAL, 0, 1).truncation()).getMessage());
    }

    @Test
    void aBoundedNormalNeedsAPositiveScaleAndABelowB() {
        assertEquals("a bounded normal's scale (std) is 0.0: it must be positive and finite",
                error(() -> new Affine(Distribution.BOUNDED_NORMAL, 0, 0, -1, 1)));
        assertEquals("a bounded normal's scale (std) is Infinity: it must be positive and finite",
                error(() -> new Affine(Distribution.BOUNDED_NORMAL, 0, Double.POSITIVE_INFINITY, -1, 1)));
        assertEquals("a bounded normal's scale (std) is NaN: it must be positive and finite",
                error(() -> new Affine(Distribution.BOUNDED_NORMAL, 0, Double.NaN, -1, 1)));
        assertEquals("bounds a = 1.0, b = 1.0: a must be below b", error(() -> new Affine(Distribution.BOUNDED_NORMAL, 0, 1, 1, 1)));
        assertEquals("bounds a = NaN, b = 1.0: a must be below b", error(() -> new Affine(Distribution.BOUNDED_NORMAL, 0, 1, Double.NaN, 1)));
        Affine half = new Affine(Distribution.BOUNDED_NORMAL, 1, 2, 1, Double.POSITIVE_INFINITY);
        assertEquals(1.0, half.truncation().low());
        assertEquals(Double.POSITIVE_INFINITY, half.truncation().high());
    }
}
