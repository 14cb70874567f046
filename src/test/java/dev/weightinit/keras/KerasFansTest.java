package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keras 3.15's {@code compute_fans} with explicit axes; every expected fan is Keras' formula worked
 * out by hand in the test (product of {@code shape[a]} over each list when both are given, the
 * shape rule otherwise), never read back from the code under test.
 */
class KerasFansTest {

    @Test
    void bothListsGivenMultiplyExactlyTheirAxesAndMayShareAxes() {
        // PyTorch conv (out, in, kh, kw) = (64, 3, 7, 7): fan_in = 3*7*7, fan_out = 64*7*7.
        assertEquals(new KerasFans(147, 3136), KerasFans.of(Shape.of(64, 3, 7, 7), List.of(1, 2, 3), List.of(0, 2, 3)));
        // Only the named axes: the axis in neither list (2) multiplies nothing.
        assertEquals(new KerasFans(5, 6), KerasFans.of(Shape.of(5, 6, 7), List.of(0), List.of(1)));
        // Negative axes count from the end.
        assertEquals(new KerasFans(6, 7), KerasFans.of(Shape.of(5, 6, 7), List.of(-2), List.of(-1)));
        // An axis repeated in one list is multiplied twice, as math.prod over the list does.
        assertEquals(new KerasFans(36, 5), KerasFans.of(Shape.of(5, 6, 7), List.of(1, 1), List.of(0)));
        // Empty lists: the empty product.
        assertEquals(new KerasFans(1, 1), KerasFans.of(Shape.of(5, 6), List.of(), List.of()));
    }

    @Test
    void eitherListNullMeansTheShapeRuleForBoth() {
        // Rank 3: receptive field 5, fan_in = 6*5, fan_out = 7*5, whatever the one list says.
        assertEquals(new KerasFans(30, 35), KerasFans.of(Shape.of(5, 6, 7), List.of(0), null));
        assertEquals(new KerasFans(30, 35), KerasFans.of(Shape.of(5, 6, 7), null, List.of(9)));
        assertEquals(new KerasFans(784, 512), KerasFans.of(Shape.of(784, 512), null, null));
        assertEquals(new KerasFans(9, 9), KerasFans.of(Shape.of(9), null, null));
        assertEquals(new KerasFans(1, 1), KerasFans.of(Shape.of(), null, null));
    }

    @Test
    void anAxisOutOfRangeNamesTheAxisAndTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KerasFans.of(Shape.of(5, 6, 7), List.of(3), List.of(0)));
        assertTrue(e.getMessage().contains("axis 3") && e.getMessage().contains("(5, 6, 7)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KerasFans.of(Shape.of(5, 6, 7), List.of(0), List.of(-4)));
        assertTrue(e.getMessage().contains("axis -4") && e.getMessage().contains("output_axes"), e.getMessage());
    }

    @Test
    void axesFromJsonThatDoNotFitAnIntAreRejectedNotWrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get(java.util.Map.of(
                "class_name", "VarianceScaling", "config", java.util.Map.of("input_axes", List.of(4294967296L), "output_axes",
                        List.of(0)))));
        assertTrue(e.getMessage().contains("input_axes") && e.getMessage().contains("4294967296"), e.getMessage());
    }

    @Test
    void fanAxesOutOfRangeNameTheAllowedRange() {
        assertEquals("input_axes [0, 3] has axis 3, out of range for shape (2, 3, 4) of rank 3: allowed are -3 .. 2",
                assertThrows(IllegalArgumentException.class, () -> KerasFans.of(Shape.of(2, 3, 4), List.of(0, 3), List.of(1))).getMessage());
        assertEquals(new KerasFans(8, 3), KerasFans.of(Shape.of(2, 3, 4), List.of(0, -1), List.of(1)));
    }
}
