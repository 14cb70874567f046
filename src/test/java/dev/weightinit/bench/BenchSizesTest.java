package dev.weightinit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench --sizes}: counts with binary suffixes and ranges of powers of two, every expected value written out. */
class BenchSizesTest {
    @Test
    void benchSizesTakeBinarySuffixesInEitherCaseAndRangesOfPowersOfTwo() {
        assertEquals(List.of(1L), BenchSizes.parse("1"));
        assertEquals(List.of(1024L, 1024L, 1048576L, 1048576L, 1073741824L, 1073741824L), BenchSizes.parse("1K,1k,1M,1m,1G,1g"));
        assertEquals(List.of(3L, 6L, 12L), BenchSizes.parse(" 3 .. 12 "));
        assertEquals(List.of(5L), BenchSizes.parse("5..5"));
        assertEquals(List.of(5L), BenchSizes.parse("5..9"), "the next double, 10, is past the end");
        assertEquals(List.of(5L, 10L), BenchSizes.parse("5..10"), "the end is included");
        assertEquals(List.of(999_999_999_999_999_999L), BenchSizes.parse("999999999999999999"), "18 digits");
        assertEquals(List.of(8_589_934_591L << 30), BenchSizes.parse("8589934591G"), "the largest count of G below 2^63");
        // A range to the top of long: 2^62 is the last power of two; doubling it would overflow.
        List<Long> top = BenchSizes.parse("1G..8589934591G");
        assertEquals(33, top.size());
        assertEquals(1L << 30, top.get(0));
        assertEquals(1L << 62, top.get(32));
    }

    @Test
    void benchSizesNameTheBadItemAndTheSyntax() {
        String syntax = "expected element counts like 1048576, 64K, 16M or 1G, or a range like 1M..1G (powers of two apart), "
                + "separated by commas";
        assertEquals("size '1x' is not valid: " + syntax, message(() -> BenchSizes.parse("1M, 1x")));
        assertEquals("size '1..2..4' is not valid: " + syntax, message(() -> BenchSizes.parse("1..2..4")));
        assertEquals("size '' is not valid: " + syntax, message(() -> BenchSizes.parse("1,")));
        assertEquals("size 'K' is not valid: " + syntax, message(() -> BenchSizes.parse("K")));
        assertEquals("size '1234567890123456789' is not valid: " + syntax, message(() -> BenchSizes.parse("1234567890123456789")),
                "19 digits");
        assertEquals("size range '4M..1M' runs backwards: expected A..B with A <= B", message(() -> BenchSizes.parse("4M..1M")));
        assertEquals("size '8589934592G' is more than 2^63 - 1 elements", message(() -> BenchSizes.parse("8589934592G")));
        assertEquals("size '0' is not valid: sizes are element counts of at least 1", message(() -> BenchSizes.parse("0")));
        assertEquals("size '0K' is not valid: sizes are element counts of at least 1", message(() -> BenchSizes.parse("0K")));
        assertEquals("size '0..4' is not valid: sizes are element counts of at least 1", message(() -> BenchSizes.parse("0..4")));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
