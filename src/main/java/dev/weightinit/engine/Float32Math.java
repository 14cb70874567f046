package dev.weightinit.engine;

/**
 * The float32 functions of stream spec §3: {@code ln}, {@code sin(2πt)}, {@code cos(2πt)} and
 * {@code erfinv}, written with the same operations in the same order as {@code kernels/float32_math.cl}
 * so that Java and OpenCL devices compute identical bits. Java float arithmetic is IEEE binary32
 * with round-to-nearest-even and never contracts {@code a * b + c} into a fused multiply-add; the
 * OpenCL side uses {@code #pragma OPENCL FP_CONTRACT OFF}.
 *
 * <p>Coefficients are hex literals so both languages read the same bits. Accuracy over every
 * argument the spec can produce (all 2^24 of each) is checked exhaustively by
 * {@code Float32MathAccuracyTest} against double-precision references; the measured maxima are in
 * docs/design.md ("The stream spec").
 *
 * <p>Thread-safe: stateless.
 */
public final class Float32Math {
    // Coefficients are package-private: SimdGenerator computes the same polynomials with them.
    // ln: Cephes logf (S. L. Moshier) minimax polynomial for log(1+x) on [sqrt(1/2)-1, sqrt(2)-1].
    static final float SQRT_HALF = 0x1.6a09e6p-1f;
    static final float LN2_HI = 0x1.63p-1f;          // 0.693359375, exact in few bits
    static final float LN2_LO = -0x1.bd0106p-13f;    // ln 2 - LN2_HI
    static final float LN_P8 = 0x1.204376p-4f;
    static final float LN_P7 = -0x1.d7a37p-4f;
    static final float LN_P6 = 0x1.de4a34p-4f;
    static final float LN_P5 = -0x1.fcba9ep-4f;
    static final float LN_P4 = 0x1.23d37ep-3f;
    static final float LN_P3 = -0x1.555ca0p-3f;
    static final float LN_P2 = 0x1.999d58p-3f;
    static final float LN_P1 = -0x1.fffff8p-3f;
    static final float LN_P0 = 0x1.555554p-2f;

    // sin(2πs) = s·(S1 + s²·(S3 + ...)) for s in [0, 1/8]: Taylor coefficients of sin in 2πs,
    // with S1 = 2π split into a float and its remainder so the leading product loses no accuracy.
    static final float SIN_S1 = 0x1.921fb6p+2f;
    static final float SIN_S1_LO = -0x1.777a5cp-23f;
    static final float SIN_S3 = -0x1.4abbcep+5f;
    static final float SIN_S5 = 0x1.466bc6p+6f;
    static final float SIN_S7 = -0x1.32d2ccp+6f;
    static final float SIN_S9 = 0x1.507834p+5f;
    // cos(2πs) = 1 + s²·(C2 + s²·(C4 + ...)), Taylor coefficients.
    static final float COS_C2 = -0x1.3bd3ccp+4f;
    static final float COS_C4 = 0x1.03c1f0p+6f;
    static final float COS_C6 = -0x1.55d3c8p+6f;
    static final float COS_C8 = 0x1.e1f506p+5f;
    static final float COS_C10 = -0x1.a6d1f2p+4f;

    // erfinv(x) = x·p(w), w = -ln((1-x)(1+x)), p a degree-8 polynomial fitted (Chebyshev nodes,
    // least squares) to erfinv(x)/x over w in [0, 2.42], i.e. |x| <= erf(sqrt 2).
    static final float ERFINV_P0 = 0x1.c5bf8ap-1f;    // sqrt(pi)/2
    static final float ERFINV_P1 = 0x1.db29fap-3f;
    static final float ERFINV_P2 = 0x1.7a734cp-7f;
    static final float ERFINV_P3 = -0x1.32191ep-9f;
    static final float ERFINV_P4 = -0x1.0b337ap-13f;
    static final float ERFINV_P5 = 0x1.7f0954p-15f;
    static final float ERFINV_P6 = 0x1.836ae2p-19f;
    static final float ERFINV_P7 = -0x1.915c26p-20f;
    static final float ERFINV_P8 = 0x1.fae1fep-24f;

    // Ψ(p), the upper-tail standard normal quantile: Wichura's AS 241 PPND7 (Applied Statistics 37,
    // 1988), its coefficients rounded to float32. Central: |p - 1/2| <= 0.425; then r = sqrt(-ln p),
    // r <= 5 and r > 5.
    static final float Q_SPLIT = -0x1.b33334p-2f;     // -0.425
    static final float Q_CONST = 0x1.71eb86p-3f;      // 0.180625 = 0.425^2
    static final float Q_A0 = 0x1.b18d90p+1f;
    static final float Q_A1 = 0x1.937964p+5f;
    static final float Q_A2 = 0x1.3e9510p+7f;
    static final float Q_A3 = 0x1.d8e000p+5f;
    static final float Q_B1 = 0x1.1e529ep+4f;
    static final float Q_B2 = 0x1.3b07f2p+6f;
    static final float Q_B3 = 0x1.0cc010p+6f;
    static final float Q_R_SHIFT = 0x1.99999ap+0f;    // 1.6
    static final float Q_C0 = 0x1.6c6662p+0f;
    static final float Q_C1 = 0x1.60df54p+1f;
    static final float Q_C2 = 0x1.4e85c2p+0f;
    static final float Q_C3 = 0x1.5ca5dap-3f;
    static final float Q_D1 = 0x1.795848p-1f;
    static final float Q_D2 = 0x1.ec62b8p-4f;
    static final float Q_E0 = 0x1.aa1b1ep+2f;
    static final float Q_E1 = 0x1.8a65a0p+1f;
    static final float Q_E2 = 0x1.b6f8aap-2f;
    static final float Q_E3 = 0x1.1c0d82p-6f;
    static final float Q_F1 = 0x1.ef92a8p-3f;
    static final float Q_F2 = 0x1.91ad42p-7f;

    /** Largest |x| for which {@link #erfinv} is specified: every argument of the spec's truncated normal. */
    public static final float ERFINV_DOMAIN = StreamSpec.ERF_SQRT2;

    private Float32Math() {
    }

    /**
     * Natural logarithm.
     *
     * @param x a positive normal float ({@code x >= 2^-126}, finite); the spec uses {@code (0, 1]}
     * @return {@code ln x}, within 2 ulp; exactly 0 at {@code x = 1}
     */
    public static float ln(float x) {
        int bits = Float.floatToRawIntBits(x);
        int e = (bits >>> 23) - 126;
        float m = Float.intBitsToFloat((bits & 0x007F_FFFF) | 0x3F00_0000); // [0.5, 1)
        if (m < SQRT_HALF) {
            e = e - 1;
            m = m + m - 1.0f;
        } else {
            m = m - 1.0f;
        }
        float z = m * m;
        float y = LN_P8 * m + LN_P7;
        y = y * m + LN_P6;
        y = y * m + LN_P5;
        y = y * m + LN_P4;
        y = y * m + LN_P3;
        y = y * m + LN_P2;
        y = y * m + LN_P1;
        y = y * m + LN_P0;
        y = y * m * z;
        float fe = (float) e;
        y = y + LN2_LO * fe;
        y = y + -0.5f * z;
        float r = m + y;
        return r + LN2_HI * fe;
    }

    /**
     * {@code sin(2π·t)} with {@code t = m24 · 2^-24}, after an exact reduction on the integer.
     *
     * @param m24 an integer in {@code [0, 2^24)}
     */
    public static float sin2pi(int m24) {
        int j = m24 & 0x3F_FFFF;
        boolean swap = j > 0x20_0000;
        float s = (float) (swap ? 0x40_0000 - j : j) * 0x1p-24f;
        float z = s * s;
        float v = (quadrantOdd(m24) != swap) ? cosPoly(z) : sinPoly(s, z);
        return ((m24 >>> 23) & 1) != 0 ? -v : v;
    }

    /**
     * {@code cos(2π·t)} with {@code t = m24 · 2^-24}, after an exact reduction on the integer.
     *
     * @param m24 an integer in {@code [0, 2^24)}
     */
    public static float cos2pi(int m24) {
        int j = m24 & 0x3F_FFFF;
        boolean swap = j > 0x20_0000;
        float s = (float) (swap ? 0x40_0000 - j : j) * 0x1p-24f;
        float z = s * s;
        float v = (quadrantOdd(m24) != swap) ? sinPoly(s, z) : cosPoly(z);
        return (((m24 >>> 22) + 1) & 2) != 0 ? -v : v;
    }

    private static boolean quadrantOdd(int m24) {
        return ((m24 >>> 22) & 1) != 0;
    }

    /** sin(2πs) for s in [0, 1/8], z = s*s. */
    private static float sinPoly(float s, float z) {
        float p = SIN_S9 * z + SIN_S7;
        p = p * z + SIN_S5;
        p = p * z + SIN_S3;
        float correction = z * p + SIN_S1_LO;
        return s * SIN_S1 + s * correction;
    }

    /** cos(2πs) for s in [0, 1/8], z = s*s. */
    private static float cosPoly(float z) {
        float p = COS_C10 * z + COS_C8;
        p = p * z + COS_C6;
        p = p * z + COS_C4;
        p = p * z + COS_C2;
        return 1.0f + z * p;
    }

    /**
     * Inverse error function.
     *
     * @param x in {@code [-ERFINV_DOMAIN, ERFINV_DOMAIN]}; outside it the result is unspecified
     * @return {@code erfinv(x)}, within 2 ulp; exactly odd in {@code x}
     */
    public static float erfinv(float x) {
        float w = -ln((1.0f - x) * (1.0f + x));
        float p = ERFINV_P8 * w + ERFINV_P7;
        p = p * w + ERFINV_P6;
        p = p * w + ERFINV_P5;
        p = p * w + ERFINV_P4;
        p = p * w + ERFINV_P3;
        p = p * w + ERFINV_P2;
        p = p * w + ERFINV_P1;
        return x * ERFINV_P0 + x * (w * p);
    }

    /**
     * {@code Ψ(p)}, the {@code z} with {@code 1 - Φ(z) = p} (stream spec §6, version 2), for a
     * normal float {@code p} in {@code [2^-126, 0.5]} (slightly above 0.5 gives a slightly negative z).
     * Within 7 ulp of the exact quantile ({@code Float32MathAccuracyTest}: 6.34 at most).
     */
    public static float normalUpperQuantile(float p) {
        float q = p - 0.5f;
        if (q >= Q_SPLIT) {
            float r = Q_CONST - q * q;
            float num = ((Q_A3 * r + Q_A2) * r + Q_A1) * r + Q_A0;
            float den = ((Q_B3 * r + Q_B2) * r + Q_B1) * r + 1.0f;
            return -((q * num) / den);
        }
        float r = (float) Math.sqrt(-ln(p));
        if (r <= 5.0f) {
            float t = r - Q_R_SHIFT;
            return (((Q_C3 * t + Q_C2) * t + Q_C1) * t + Q_C0) / ((Q_D2 * t + Q_D1) * t + 1.0f);
        }
        float t = r - 5.0f;
        return (((Q_E3 * t + Q_E2) * t + Q_E1) * t + Q_E0) / ((Q_F2 * t + Q_F1) * t + 1.0f);
    }
}
