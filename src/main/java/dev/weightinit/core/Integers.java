package dev.weightinit.core;

import java.math.BigInteger;

/**
 * The one place where integers from JSON configs, model specs and command lines are read and
 * range-checked, so that no value wraps: JSON parsing gives {@code Integer}, {@code Long},
 * {@code BigInteger} (with {@code USE_BIG_INTEGER_FOR_INTS}) or, for {@code 1e3}, a {@code Double};
 * an integral double below 2^53 counts as an integer, anything else does not. Each method returns
 * {@code null} for a value it does not accept; callers name the field in their error.
 *
 * <p>Thread-safe: stateless.
 */
public final class Integers {
    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

    /** What {@link #seedBits} accepts, as error messages say it. */
    public static final String SEED_RANGE = "an integer from -2^63 to 2^64 - 1 (signed or unsigned 64-bit)";
    /** What {@link #unsigned64} accepts. */
    public static final String UNSIGNED_RANGE = "an integer from 0 to 2^64 - 1 (unsigned 64-bit)";

    private Integers() {
    }

    /** The integer as a {@code BigInteger}, or {@code null} when the value is not an integer. */
    public static BigInteger exact(Object value) {
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number number && !(value instanceof java.math.BigDecimal)) {
            double d = number.doubleValue();
            if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return BigInteger.valueOf((long) d);
            }
        }
        if (value instanceof java.math.BigDecimal decimal) {
            try {
                return decimal.toBigIntegerExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    /** A signed 64-bit integer, or {@code null}. */
    public static Long signed64(Object value) {
        BigInteger big = exact(value);
        return big != null && big.bitLength() < 64 ? big.longValue() : null;
    }

    /** A signed 32-bit integer, or {@code null}. */
    public static Integer signed32(Object value) {
        BigInteger big = exact(value);
        return big != null && big.bitLength() < 32 ? big.intValue() : null;
    }

    /** A seed: signed or unsigned 64-bit ({@link #SEED_RANGE}), as its two's-complement bits; or {@code null}. */
    public static Long seedBits(Object value) {
        BigInteger big = exact(value);
        if (big == null || big.bitLength() >= 64 && (big.signum() < 0 || big.compareTo(TWO_POW_64) >= 0)) {
            return null;
        }
        return big.longValue();
    }

    /** An unsigned 64-bit integer ({@link #UNSIGNED_RANGE}) held in a {@code long}, or {@code null}. */
    public static Long unsigned64(Object value) {
        BigInteger big = exact(value);
        return big != null && big.signum() >= 0 && big.compareTo(TWO_POW_64) < 0 ? big.longValue() : null;
    }

    /** A decimal integer from a command line, as {@link #exact} reads JSON; {@code null} when it is not one. */
    public static BigInteger parse(String text) {
        if (text == null || !text.strip().matches("[+-]?[0-9]+")) {
            return null;
        }
        return new BigInteger(text.strip());
    }
}
