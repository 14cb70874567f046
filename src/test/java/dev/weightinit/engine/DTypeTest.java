package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DType}: which types are floating, the kernels' codes, the formats' names, the largest values, written out. */
class DTypeTest {
    @Test
    void exactlyTheFourFloatTypesAreFloating() {
        for (DType dtype : DType.values()) {
            boolean floating = List.of(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT64).contains(dtype);
            assertEquals(floating, dtype.isFloating(), dtype.toString());
        }
        assertFalse(DType.UINT32.isFloating() || DType.INT64.isFloating() || DType.INT32.isFloating() || DType.BOOL.isFloating());
    }

    /**
     * The codes {@code kernels/fill.cl} selects its output type by ({@code WI_DTYPE} 0: float, 1: half,
     * 2: bfloat16 as ushort, 3: float64 as ulong, 4: uint); the host-only types follow.
     */
    @Test
    void kernelCodesAreFillClsAndNamesAreTheFormats() {
        int[] codes = {0, 1, 2, 3, 4, 5, 6, 7};
        String[] spec = {"float32", "float16", "bfloat16", "float64", "uint32", "int64", "int32", "bool"};
        String[] safetensors = {"F32", "F16", "BF16", "F64", "U32", "I64", "I32", "BOOL"};
        DType[] all = {DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16, DType.FLOAT64, DType.UINT32, DType.INT64, DType.INT32, DType.BOOL};
        for (int i = 0; i < all.length; i++) {
            assertEquals(codes[i], all[i].kernelCode(), all[i].toString());
            assertEquals(spec[i], all[i].specName());
            assertEquals(safetensors[i], all[i].safetensorsName(), "safetensors' dtype string");
            assertEquals(all[i], DType.parse(spec[i]));
        }
    }

    /** The largest finite value of each type: IEEE half 65504, bfloat16 (2 - 2^-7) 2^127, the integer types' maxima. */
    @Test
    void largestFiniteValues() {
        assertEquals(65504.0, DType.FLOAT16.largestFinite());
        assertEquals((2 - 0x1p-7) * 0x1p127, DType.BFLOAT16.largestFinite());
        assertEquals(Float.MAX_VALUE, DType.FLOAT32.largestFinite());
        assertEquals(Float.MAX_VALUE, DType.FLOAT64.largestFinite(), "values are float32 before they are widened");
        assertEquals(4294967295.0, DType.UINT32.largestFinite());
        assertEquals(9.223372036854775807e18, DType.INT64.largestFinite());
        assertEquals(2147483647.0, DType.INT32.largestFinite());
        assertEquals(1.0, DType.BOOL.largestFinite());
    }

    /** Output types are every type but raw words; each refusal names the value and what is allowed. */
    @Test
    void outputTypesAreEveryTypeButRawWords() {
        for (DType dtype : DType.values()) {
            if (dtype != DType.UINT32) {
                assertEquals(dtype, DType.parseOutput(dtype.specName()));
            }
        }
        String allowed = ": expected float32, float16, bfloat16, float64, or for constant buffers int64, int32 or bool";
        assertEquals("dtype 'uint32' is not an output type" + allowed,
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DType.parseOutput("uint32")).getMessage());
        assertEquals("dtype 'half' is not supported" + allowed,
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DType.parseOutput("half")).getMessage());
    }
}
