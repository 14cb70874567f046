package dev.weightinit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Distribution}: the codes {@code kernels/fill.cl} selects its transform by ({@code WI_DIST} 0:
 * the raw words, 1: uniform, 2: Box-Muller normal, 3: truncated normal, 4: the bounded normal with
 * its Truncation), the spec's names, and which ones the fallback has in Vector API form (all but the
 * bounded normal, which runs lane by lane).
 */
class DistributionTest {
    @Test
    void codesNamesAndVectorForms() {
        Distribution[] all = {Distribution.RAW_BITS, Distribution.UNIFORM, Distribution.NORMAL, Distribution.TRUNCATED_NORMAL,
            Distribution.BOUNDED_NORMAL};
        String[] names = {"raw", "uniform", "normal", "truncated_normal", "bounded_normal"};
        for (int i = 0; i < all.length; i++) {
            assertEquals(i, all[i].kernelCode(), all[i].toString());
            assertEquals(names[i], all[i].specName());
            assertEquals(i != 4, all[i].vectorized(), all[i] + " in Vector API form");
        }
        assertEquals(5, Distribution.values().length);
    }
}
