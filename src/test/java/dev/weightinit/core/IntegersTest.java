package dev.weightinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** {@link Integers} at every edge of every range, the edges written out as decimal numbers. */
class IntegersTest {
    private static final BigInteger TWO_63 = new BigInteger("9223372036854775808");
    private static final BigInteger TWO_64 = new BigInteger("18446744073709551616");

    @Test
    void exactReadsEveryIntegerTypeJsonGivesAndNothingElse() {
        assertEquals(BigInteger.valueOf(7), Integers.exact(7));
        assertEquals(BigInteger.valueOf(-7), Integers.exact(-7L));
        assertEquals(BigInteger.valueOf(Long.MAX_VALUE), Integers.exact(Long.MAX_VALUE), "a long past 2^53 is exact, not a double");
        assertEquals(BigInteger.valueOf(3), Integers.exact((short) 3));
        assertEquals(BigInteger.valueOf(-2), Integers.exact((byte) -2));
        assertEquals(TWO_64, Integers.exact(TWO_64));
        assertEquals(BigInteger.valueOf(1000), Integers.exact(1e3), "1e3 is an integer");
        assertEquals(BigInteger.valueOf(-1000), Integers.exact(-1000f));
        assertEquals(new BigInteger("9007199254740991"), Integers.exact(9007199254740991.0), "2^53 - 1 is exact");
        assertNull(Integers.exact(9007199254740992.0), "2^53 is past what a double holds exactly");
        assertNull(Integers.exact(-9007199254740992.0));
        assertNull(Integers.exact(1.5));
        assertNull(Integers.exact(Double.NaN));
        assertNull(Integers.exact(Double.POSITIVE_INFINITY));
        assertEquals(BigInteger.valueOf(12), Integers.exact(new BigDecimal("12.000")));
        assertEquals(TWO_64, Integers.exact(new BigDecimal("18446744073709551616")), "a BigDecimal past 2^53 is still exact");
        assertNull(Integers.exact(new BigDecimal("12.5")));
        assertNull(Integers.exact("12"));
        assertNull(Integers.exact(null));
        assertNull(Integers.exact(true));
    }

    @Test
    void signedRanges() {
        assertEquals(Long.MAX_VALUE, Integers.signed64(TWO_63.subtract(BigInteger.ONE)));
        assertNull(Integers.signed64(TWO_63));
        assertEquals(Long.MIN_VALUE, Integers.signed64(TWO_63.negate()));
        assertNull(Integers.signed64(TWO_63.negate().subtract(BigInteger.ONE)));
        assertEquals(2147483647, Integers.signed32(2147483647L));
        assertNull(Integers.signed32(2147483648L));
        assertEquals(-2147483648, Integers.signed32(-2147483648L));
        assertNull(Integers.signed32(-2147483649L));
        assertNull(Integers.signed32(0.5));
        assertNull(Integers.signed64("1"));
    }

    @Test
    void seedsTakeSignedAndUnsigned64BitValuesAsTheirBits() {
        assertEquals(Long.MIN_VALUE, Integers.seedBits(TWO_63.negate()));
        assertNull(Integers.seedBits(TWO_63.negate().subtract(BigInteger.ONE)));
        assertEquals(Long.MIN_VALUE, Integers.seedBits(TWO_63), "2^63 unsigned has the bits of -2^63");
        assertEquals(-1L, Integers.seedBits(TWO_64.subtract(BigInteger.ONE)));
        assertNull(Integers.seedBits(TWO_64));
        assertEquals(Long.MAX_VALUE, Integers.seedBits(Long.MAX_VALUE));
        assertEquals(0L, Integers.seedBits(0));
        assertNull(Integers.seedBits(1.5));
    }

    @Test
    void unsigned64() {
        assertEquals(0L, Integers.unsigned64(0));
        assertNull(Integers.unsigned64(-1));
        assertEquals(-1L, Integers.unsigned64(TWO_64.subtract(BigInteger.ONE)));
        assertNull(Integers.unsigned64(TWO_64));
        assertEquals(Long.MIN_VALUE, Integers.unsigned64(TWO_63));
        assertNull(Integers.unsigned64("5"));
    }

    @Test
    void parseReadsDecimalIntegersOnly() {
        assertEquals(BigInteger.valueOf(12), Integers.parse(" +12 "));
        assertEquals(BigInteger.valueOf(-3), Integers.parse("-3"));
        assertEquals(TWO_64, Integers.parse("18446744073709551616"));
        assertNull(Integers.parse("1e3"));
        assertNull(Integers.parse("0x10"));
        assertNull(Integers.parse(""));
        assertNull(Integers.parse(null));
    }
}
