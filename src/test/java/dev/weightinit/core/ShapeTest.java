package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Shape}: NumPy's 64-dimension limit at its edge, JSON dimensions, equality by dimensions. */
class ShapeTest {
    @Test
    void rank64IsTheLimit() {
        long[] ones = new long[64];
        Arrays.fill(ones, 1);
        assertEquals(64, Shape.of(ones).rank());
        assertEquals("shape has rank 65: at most 64 dimensions are allowed (NumPy's limit)",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(new long[65])).getMessage());
    }

    @Test
    void dimensionsFromJsonAreIntegersOf64Bits() {
        assertEquals(Shape.of(2, 3), Shape.of(List.of(2, 3L)));
        assertEquals(Shape.of(4), Shape.of(List.of(4.0)));
        assertEquals("shape [2, 1.5] has 1.5 at axis 1: dimensions are integers from 0 to 2^63 - 1",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(List.of(2, 1.5))).getMessage());
        BigInteger big = new BigInteger("9223372036854775808");
        assertEquals("shape [9223372036854775808] has 9223372036854775808 at axis 0: dimensions are integers from 0 to 2^63 - 1",
                assertThrows(IllegalArgumentException.class, () -> Shape.of(List.of(big))).getMessage());
    }

    @Test
    void equalityIsByDimensions() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
        assertNotEquals(Shape.of(2, 3).hashCode(), Shape.of(3, 2).hashCode());
        assertNotEquals(Shape.of(6), Shape.of(2, 3));
        assertNotEquals(Shape.of(2), "(2,)");
        assertEquals("(2, 3)", Shape.of(2, 3).toString());
    }
}
