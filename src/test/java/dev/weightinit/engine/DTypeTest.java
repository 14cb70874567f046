package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DType}: which types are floating, written out. */
class DTypeTest {
    @Test
    void exactlyTheFourFloatTypesAreFloating() {
        for (DType dtype : DType.values()) {
            boolean floating = List.of(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT64).contains(dtype);
            assertEquals(floating, dtype.isFloating(), dtype.toString());
        }
        assertFalse(DType.UINT32.isFloating() || DType.INT64.isFloating() || DType.INT32.isFloating() || DType.BOOL.isFloating());
    }
}
