package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@code --max-shard-size} in huggingface_hub's units ({@code huggingface_hub/serialization/_base.py} {@code parse_size_to_int}: KB = 10^3, KiB = 2^10). */
class ByteSizeTest {
    @Test
    void maxShardSizesUseHuggingFaceHubsUnits() {
        assertEquals(1L, ByteSize.parse("1"));
        assertEquals(123L, ByteSize.parse(" 123 "));
        assertEquals(5_000L, ByteSize.parse("5KB"));
        assertEquals(5_000_000L, ByteSize.parse("5MB"));
        assertEquals(5_000_000_000L, ByteSize.parse("5GB"));
        assertEquals(5_000_000_000_000L, ByteSize.parse("5TB"));
        assertEquals(5L << 10, ByteSize.parse("5KiB"));
        assertEquals(5L << 20, ByteSize.parse("5MiB"));
        assertEquals(5L << 30, ByteSize.parse("5GiB"));
        assertEquals(5L << 40, ByteSize.parse("5TiB"));
        assertEquals(2_500_000_000L, ByteSize.parse("2.5 gb"), "case-insensitive, a space before the unit");
        assertEquals(1536L, ByteSize.parse("1.5KiB"));
        assertEquals(Long.MAX_VALUE, ByteSize.parse("9223372036854775807"), "2^63 - 1 bytes, exactly");
        assertEquals(9_007_199_254_740_993L, ByteSize.parse("9007199254740993"), "2^53 + 1: integers are not rounded through a double");
        for (String decimal : new String[] {"1.9", "1.5", "0.5"}) {
            assertEquals("max shard size '" + decimal + "' is not valid: a size without a unit is a whole number of bytes; give a unit "
                    + "(1.5GB) or an integer", message(() -> ByteSize.parse(decimal)), decimal);
        }
        assertEquals("max shard size '9223372036854775808' is not valid: at most 2^63 - 1 bytes",
                message(() -> ByteSize.parse("9223372036854775808")));
        for (String bad : new String[] {"lots", "", "5 XB", "-1", "1e9", "5GBs", "GB"}) {
            assertEquals("max shard size '" + bad + "' is not valid: expected bytes or a size like 5GB, 500MB or 2GiB",
                    message(() -> ByteSize.parse(bad)), bad);
        }
        for (String small : new String[] {"0", "0.0001KB"}) {
            assertEquals("max shard size '" + small + "' is not valid: expected at least 1 byte", message(() -> ByteSize.parse(small)),
                    small);
        }
        assertEquals(1L, ByteSize.parse("0.001KB"), "exactly 1 byte");
        for (String large : new String[] {"9999999TiB", "8388608TiB"}) {
            assertEquals("max shard size '" + large + "' is not valid: at most 2^63 - 1 bytes", message(() -> ByteSize.parse(large)),
                    "2^63 bytes (2^23 TiB) and more");
        }
        assertEquals(8_388_607L << 40, ByteSize.parse("8388607TiB"), "2^63 - 2^40 bytes");
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
