package dev.weightinit.engine;

/**
 * The tests' own float16 decoder, written from the format's definition (IEEE 754 binary16: sign,
 * 5-bit exponent biased 15, 10-bit fraction), never the decoder under test; checked against NumPy
 * for all 65536 halves in {@code RoundingEdgesTest}.
 */
public final class Float16Reference {
    private Float16Reference() {
    }

    /** float16 bits {@code h} (the low 16 bits) as a float32, Inf and NaN payloads included. */
    public static float decode(int h) {
        int sign = (h >>> 15) & 1;
        int exponent = (h >>> 10) & 0x1F;
        int fraction = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat((sign << 31) | 0x7F80_0000 | (fraction << 13)); // Inf, NaN with its payload
        }
        double magnitude = exponent == 0 ? fraction * 0x1p-24 : (1024 + fraction) * Math.scalb(1.0, exponent - 25);
        return (float) (sign == 1 ? -magnitude : magnitude);
    }
}
