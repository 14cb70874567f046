package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link FillSpec}: each refusal names the value and why; the unit and raw specs; another output type keeps the rest. */
class FillSpecTest {
    private static String refusal(Distribution distribution, float offset, float scale, DType dtype, Truncation truncation) {
        return assertThrows(IllegalArgumentException.class, () -> new FillSpec(1, 2, distribution, offset, scale, dtype, truncation))
                .getMessage();
    }

    @Test
    void eachRefusalNamesTheValue() {
        assertEquals("offset a is NaN: it must be a finite float", refusal(Distribution.UNIFORM, Float.NaN, 1, DType.FLOAT32, null));
        assertEquals("offset a is Infinity: it must be a finite float",
                refusal(Distribution.UNIFORM, Float.POSITIVE_INFINITY, 1, DType.FLOAT32, null));
        assertEquals("scale b is -Infinity: it must be a finite float",
                refusal(Distribution.UNIFORM, 0, Float.NEGATIVE_INFINITY, DType.FLOAT32, null));
        for (DType constant : new DType[] {DType.INT64, DType.INT32, DType.BOOL}) {
            assertEquals("dtype " + constant.specName() + " holds constants written on the host, not values of normal",
                    refusal(Distribution.NORMAL, 0, 1, constant, null));
        }
        assertEquals("distribution bounded_normal needs its bounds (a Truncation)",
                refusal(Distribution.BOUNDED_NORMAL, 0, 1, DType.FLOAT32, null));
        assertEquals("distribution normal takes no Truncation: only bounded_normal does",
                refusal(Distribution.NORMAL, 0, 1, DType.FLOAT32, Truncation.REFERENCE));
        assertEquals("dtype uint32 with distribution uniform: raw bits are written as uint32 and only raw bits are",
                refusal(Distribution.UNIFORM, 0, 1, DType.UINT32, null));
        assertEquals("dtype float32 with distribution raw: raw bits are written as uint32 and only raw bits are",
                refusal(Distribution.RAW_BITS, 0, 1, DType.FLOAT32, null));
        new FillSpec(1, 2, Distribution.BOUNDED_NORMAL, -Float.MAX_VALUE, Float.MAX_VALUE, DType.BFLOAT16, Truncation.TAIL_REFERENCE);
    }

    @Test
    void unitRawAndAnotherOutputType() {
        FillSpec bounded = FillSpec.unit(3, 4, Distribution.BOUNDED_NORMAL);
        assertEquals(new FillSpec(3, 4, Distribution.BOUNDED_NORMAL, 0, 1, DType.FLOAT32, Truncation.REFERENCE), bounded);
        assertEquals(new FillSpec(3, 4, Distribution.NORMAL, 0, 1, DType.FLOAT32), FillSpec.unit(3, 4, Distribution.NORMAL));
        FillSpec raw = FillSpec.raw(3, 4);
        assertEquals(DType.UINT32, raw.dtype());
        assertEquals(Distribution.RAW_BITS, raw.distribution());
        assertNull(raw.truncation());
        assertEquals(new FillSpec(3, 4, Distribution.BOUNDED_NORMAL, 0, 1, DType.FLOAT16, Truncation.REFERENCE), bounded.withDtype(DType.FLOAT16));
    }
}
