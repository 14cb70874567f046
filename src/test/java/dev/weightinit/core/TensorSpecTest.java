package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.engine.DType;
import org.junit.jupiter.api.Test;

/** {@link TensorSpec}: a tensor's dtype is a value dtype; uint32 (raw Philox words) is refused by name. */
class TensorSpecTest {
    @Test
    void uint32IsNotATensorDtype() {
        assertEquals("dtype uint32 is for raw Philox words: initializers write float16, bfloat16, float32 or float64",
                assertThrows(IllegalArgumentException.class, () -> TensorSpec.of(Shape.of(2), DType.UINT32)).getMessage());
        assertEquals(DType.INT32, TensorSpec.of(Shape.of(2), DType.INT32).dtype(), "integer tensors hold constants");
    }
}
