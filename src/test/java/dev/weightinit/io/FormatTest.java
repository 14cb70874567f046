package dev.weightinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The human-readable figures the commands print. */
class FormatTest {
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
}
