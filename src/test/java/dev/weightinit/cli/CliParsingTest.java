package dev.weightinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.DType;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI's value syntaxes, unit by unit, with every expected value written out: {@code --sizes},
 * {@code --max-shard-size} (huggingface_hub's units, {@code huggingface_hub/serialization/_base.py}
 * {@code parse_size_to_int}: KB = 10^3, KiB = 2^10), {@code --seed}, {@code --dtype}, and the
 * human-readable figures the commands print.
 */
class CliParsingTest {
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

    @Test
    void maxShardSizesUseHuggingFaceHubsUnits() {
        assertEquals(1L, HfFolderPlan.parseSize("1"));
        assertEquals(123L, HfFolderPlan.parseSize(" 123 "));
        assertEquals(5_000L, HfFolderPlan.parseSize("5KB"));
        assertEquals(5_000_000L, HfFolderPlan.parseSize("5MB"));
        assertEquals(5_000_000_000L, HfFolderPlan.parseSize("5GB"));
        assertEquals(5_000_000_000_000L, HfFolderPlan.parseSize("5TB"));
        assertEquals(5L << 10, HfFolderPlan.parseSize("5KiB"));
        assertEquals(5L << 20, HfFolderPlan.parseSize("5MiB"));
        assertEquals(5L << 30, HfFolderPlan.parseSize("5GiB"));
        assertEquals(5L << 40, HfFolderPlan.parseSize("5TiB"));
        assertEquals(2_500_000_000L, HfFolderPlan.parseSize("2.5 gb"), "case-insensitive, a space before the unit");
        assertEquals(1536L, HfFolderPlan.parseSize("1.5KiB"));
        assertEquals(1L, HfFolderPlan.parseSize("1.9"), "fractional bytes are truncated, as int() does");
        assertEquals(Long.MAX_VALUE, HfFolderPlan.parseSize("9223372036854775807"), "2^63 - 1 bytes (2^63 as a double) is allowed");
        for (String bad : new String[] {"lots", "", "5 XB", "-1", "1e9", "5GBs", "GB"}) {
            assertEquals("max shard size '" + bad + "' is not valid: expected bytes or a size like 5GB, 500MB or 2GiB",
                    message(() -> HfFolderPlan.parseSize(bad)), bad);
        }
        for (String small : new String[] {"0", "0.5", "0.0001KB"}) {
            assertEquals("max shard size '" + small + "' is not valid: expected at least 1 byte", message(() -> HfFolderPlan.parseSize(small)),
                    small);
        }
        assertEquals("max shard size '9999999TiB' is not valid: expected at least 1 byte",
                message(() -> HfFolderPlan.parseSize("9999999TiB")), "past 2^63 - 1 bytes");
    }

    @Test
    void seedsAreTheir64BitsFromEitherSignedOrUnsignedText() {
        CommonOptions.SeedConverter seeds = new CommonOptions.SeedConverter();
        assertEquals(0L, seeds.convert("0"));
        assertEquals(-1L, seeds.convert("18446744073709551615"), "2^64 - 1");
        assertEquals(Long.MIN_VALUE, seeds.convert("9223372036854775808"), "2^63");
        assertEquals(Long.MIN_VALUE, seeds.convert("-9223372036854775808"), "-2^63");
        assertEquals(Long.MAX_VALUE, seeds.convert("9223372036854775807"));
        assertEquals(-5L, seeds.convert("-5"));
        for (String bad : new String[] {"18446744073709551616", "-9223372036854775809", "seven", "1.5"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class, () -> seeds.convert(bad), bad);
            assertTrue(e.getMessage().startsWith("seed '" + bad + "' is not valid: expected "), e.getMessage());
        }
    }

    @Test
    void dtypesOfferedAreExactlyTheOutputTypes() {
        assertEquals(DType.FLOAT32, CommonOptions.dtype("float32"));
        assertEquals(DType.FLOAT16, CommonOptions.dtype("float16"));
        assertEquals(DType.BFLOAT16, CommonOptions.dtype("bfloat16"));
        assertEquals(DType.FLOAT64, CommonOptions.dtype("float64"));
        String allowed = "expected float32, float16, bfloat16, float64, or for constant buffers int64, int32 or bool";
        assertEquals("dtype 'uint32' is not an output type: " + allowed, message(() -> CommonOptions.dtype("uint32")));
        assertEquals("dtype 'float8' is not supported: " + allowed, message(() -> CommonOptions.dtype("float8")));
    }

    @Test
    void figuresArePrintedWithTheirUnits() {
        assertEquals("0 B", Format.bytes(0));
        assertEquals("1023 B", Format.bytes(1023));
        assertEquals("1.0 KiB", Format.bytes(1024));
        assertEquals("1.5 KiB", Format.bytes(1536));
        assertEquals("474.7 MiB", Format.bytes(497_759_232));
        assertEquals("2.0 GiB", Format.bytes(2L << 30));
        assertEquals("3.0 TiB", Format.bytes(3L << 40));
        assertEquals("2048.0 TiB", Format.bytes(2L << 50), "TiB is the largest unit");
        assertEquals("-2.0 KiB", Format.bytes(-2048));
        assertEquals("0.0s", Format.duration(0));
        assertEquals("4.2s", Format.duration(4.21));
        assertEquals("59.9s", Format.duration(59.94));
        assertEquals("1m00s", Format.duration(60));
        assertEquals("1m05s", Format.duration(64.6));
        assertEquals("61m40s", Format.duration(3700));
        assertEquals("999999", Format.count(999_999));
        assertEquals("1.0M", Format.count(1_000_000));
        assertEquals("124.4M", Format.count(124_439_808));
        assertEquals("1000.0M", Format.count(999_999_999), "rounded, still below the billions");
        assertEquals("1.00B", Format.count(1_000_000_000));
        assertEquals("6.74B", Format.count(6_738_415_616L));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
