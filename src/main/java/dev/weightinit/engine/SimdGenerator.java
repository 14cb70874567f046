package dev.weightinit.engine;

import static dev.weightinit.engine.Float32Math.COS_C10;
import static dev.weightinit.engine.Float32Math.COS_C2;
import static dev.weightinit.engine.Float32Math.COS_C4;
import static dev.weightinit.engine.Float32Math.COS_C6;
import static dev.weightinit.engine.Float32Math.COS_C8;
import static dev.weightinit.engine.Float32Math.ERFINV_P0;
import static dev.weightinit.engine.Float32Math.ERFINV_P1;
import static dev.weightinit.engine.Float32Math.ERFINV_P2;
import static dev.weightinit.engine.Float32Math.ERFINV_P3;
import static dev.weightinit.engine.Float32Math.ERFINV_P4;
import static dev.weightinit.engine.Float32Math.ERFINV_P5;
import static dev.weightinit.engine.Float32Math.ERFINV_P6;
import static dev.weightinit.engine.Float32Math.ERFINV_P7;
import static dev.weightinit.engine.Float32Math.ERFINV_P8;
import static dev.weightinit.engine.Float32Math.LN2_HI;
import static dev.weightinit.engine.Float32Math.LN2_LO;
import static dev.weightinit.engine.Float32Math.LN_P0;
import static dev.weightinit.engine.Float32Math.LN_P1;
import static dev.weightinit.engine.Float32Math.LN_P2;
import static dev.weightinit.engine.Float32Math.LN_P3;
import static dev.weightinit.engine.Float32Math.LN_P4;
import static dev.weightinit.engine.Float32Math.LN_P5;
import static dev.weightinit.engine.Float32Math.LN_P6;
import static dev.weightinit.engine.Float32Math.LN_P7;
import static dev.weightinit.engine.Float32Math.LN_P8;
import static dev.weightinit.engine.Float32Math.SIN_S1;
import static dev.weightinit.engine.Float32Math.SIN_S1_LO;
import static dev.weightinit.engine.Float32Math.SIN_S3;
import static dev.weightinit.engine.Float32Math.SIN_S5;
import static dev.weightinit.engine.Float32Math.SIN_S7;
import static dev.weightinit.engine.Float32Math.SIN_S9;
import static dev.weightinit.engine.Float32Math.SQRT_HALF;
import static dev.weightinit.engine.StreamSpec.ERF_SQRT2;
import static dev.weightinit.engine.StreamSpec.PHILOX_M0;
import static dev.weightinit.engine.StreamSpec.PHILOX_M1;
import static dev.weightinit.engine.StreamSpec.PHILOX_ROUNDS;
import static dev.weightinit.engine.StreamSpec.PHILOX_W0;
import static dev.weightinit.engine.StreamSpec.PHILOX_W1;
import static dev.weightinit.engine.StreamSpec.SQRT2;
import static dev.weightinit.engine.StreamSpec.TWO_POW_M24;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD fast path of the Java fallback, through the Vector API: the arithmetic of
 * {@link ReferenceGenerator} and {@link Float32Math}, bit for bit, one block per int lane. Every float
 * operation is the same IEEE binary32 add, multiply, square root or int conversion in the same
 * order (the API never fuses a multiply and an add unless asked), so lanes equal the scalar code.
 *
 * <p>Philox's 32×32→64-bit products are formed on 64-bit lanes: a vector of 2k int lanes is read as
 * k long lanes, whose low and high halves are multiplied separately and put back in place. Selects
 * in {@code ln} and {@code sin/cos} become integer arithmetic or blends. Words and results pass
 * through small arrays (one batch stays in L1) and are interleaved into element order at the end.
 *
 * <p>Load only when {@link VectorSupport#modulePresent()}. Not thread-safe: one instance per thread.
 */
public final class SimdGenerator implements FloatGenerator {
    /** Blocks per batch; a multiple of every lane count (at most 64 int lanes in 2048 bits). */
    public static final int BATCH = 64;

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = INTS.length();

    private static final long LOW = 0xFFFF_FFFFL;
    private static final long HIGH = 0xFFFF_FFFF_0000_0000L;
    private static final long M0 = PHILOX_M0 & LOW;
    private static final long M1 = PHILOX_M1 & LOW;

    private static final int MANTISSA = 0x007F_FFFF;
    private static final int HALF_EXPONENT = 0x3F00_0000;
    /** Mantissa bits of SQRT_HALF: for m in [0.5, 1), m < SQRT_HALF exactly when its mantissa is below. */
    private static final int SQRT_HALF_MANTISSA = Float.floatToRawIntBits(SQRT_HALF) & MANTISSA;
    private static final int SIGN = 0x8000_0000;

    private final int[] x0 = new int[BATCH];
    private final int[] x1 = new int[BATCH];
    private final int[] x2 = new int[BATCH];
    private final int[] x3 = new int[BATCH];
    private final float[] y0 = new float[BATCH];
    private final float[] y1 = new float[BATCH];
    private final float[] y2 = new float[BATCH];
    private final float[] y3 = new float[BATCH];
    private final float[] r01 = new float[BATCH];
    private final float[] r23 = new float[BATCH];
    private final float[] lnIn = new float[BATCH];
    private final float[] lnOut = new float[BATCH];
    private final float[] erfinvX = new float[BATCH];
    private final int[] counterHigh = new int[LANES];
    private final long[] roundKey0 = new long[PHILOX_ROUNDS];
    private final long[] roundKey1 = new long[PHILOX_ROUNDS];

    /** Bits of the vectors this class uses (the preferred shape). */
    static int preferredBits() {
        return INTS.vectorBitSize();
    }

    @Override
    public String kind() {
        return "SIMD " + preferredBits() + "-bit";
    }

    @Override
    public void generate(FillSpec spec, long start, float[] dst, int offset, int count) {
        ReferenceGenerator.generateWholeBlocks(spec, start, dst, offset, count, LANES, (first, end, out) -> {
            int k0 = StreamSpec.key0(spec.seed());
            int k1 = StreamSpec.key1(spec.seed());
            for (int round = 0; round < PHILOX_ROUNDS; round++) {
                roundKey0[round] = pair(k0 + round * PHILOX_W0);
                roundKey1[round] = pair(k1 + round * PHILOX_W1);
            }
            int c2 = StreamSpec.counter2(spec.stream());
            int c3 = StreamSpec.counter3(spec.stream());
            long block = first;
            while (end - block >= LANES) {
                int n = (int) Math.min(BATCH, (end - block) / LANES * LANES);
                philox(block, n, c2, c3);
                transform(spec, n);
                interleave(n, dst, out);
                block += n;
                out += 4 * n;
            }
            return block;
        });
    }

    /**
     * Stream spec §3–§4 applied to given words instead of Philox output: {@code words[4j .. 4j+3]}
     * are block j's words, {@code values} receives the block's four values. For exhaustive tests of
     * the transforms.
     *
     * @param words length a multiple of {@code 4 * BATCH}
     */
    void transformWords(FillSpec spec, int[] words, float[] values) {
        for (int first = 0; first < words.length / 4; first += BATCH) {
            for (int j = 0; j < BATCH; j++) {
                int p = 4 * (first + j);
                x0[j] = words[p];
                x1[j] = words[p + 1];
                x2[j] = words[p + 2];
                x3[j] = words[p + 3];
            }
            transform(spec, BATCH);
            interleave(BATCH, values, 4 * first);
        }
    }

    /** Both 32-bit halves of a long set to {@code word}. */
    private static long pair(int word) {
        return (word & LOW) | ((long) word << 32);
    }

    /** Philox4x32-10 of blocks {@code first .. first + n - 1} into x0..x3; {@code n} a multiple of LANES. */
    private void philox(long first, int n, int c2, int c3) {
        LongVector counter2 = IntVector.broadcast(INTS, c2).reinterpretAsLongs();
        LongVector counter3 = IntVector.broadcast(INTS, c3).reinterpretAsLongs();
        for (int j = 0; j < n; j += LANES) {
            LongVector w0 = counterLow(first + j).reinterpretAsLongs();
            LongVector w1 = counterHigh(first + j).reinterpretAsLongs();
            LongVector w2 = counter2;
            LongVector w3 = counter3;
            for (int round = 0; round < PHILOX_ROUNDS; round++) {
                LongVector even0 = w0.and(LOW).mul(M0);
                LongVector odd0 = w0.lanewise(VectorOperators.LSHR, 32).mul(M0);
                LongVector even1 = w2.and(LOW).mul(M1);
                LongVector odd1 = w2.lanewise(VectorOperators.LSHR, 32).mul(M1);
                LongVector hi0 = even0.lanewise(VectorOperators.LSHR, 32).or(odd0.and(HIGH));
                LongVector hi1 = even1.lanewise(VectorOperators.LSHR, 32).or(odd1.and(HIGH));
                LongVector lo0 = even0.and(LOW).or(odd0.lanewise(VectorOperators.LSHL, 32));
                LongVector lo1 = even1.and(LOW).or(odd1.lanewise(VectorOperators.LSHL, 32));
                w0 = hi1.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.XOR, roundKey0[round]);
                w2 = hi0.lanewise(VectorOperators.XOR, w3).lanewise(VectorOperators.XOR, roundKey1[round]);
                w1 = lo1;
                w3 = lo0;
            }
            w0.reinterpretAsInts().intoArray(x0, j);
            w1.reinterpretAsInts().intoArray(x1, j);
            w2.reinterpretAsInts().intoArray(x2, j);
            w3.reinterpretAsInts().intoArray(x3, j);
        }
    }

    /** Counter word 0 of blocks {@code first .. first + LANES - 1}: their low 32 bits. */
    private IntVector counterLow(long first) {
        return IntVector.zero(INTS).addIndex(1).add((int) first);
    }

    /** Counter word 1: the high 32 bits, which step up where the low word wraps inside the vector. */
    private IntVector counterHigh(long first) {
        long last = first + LANES - 1;
        if ((first >>> 32) == (last >>> 32)) {
            return IntVector.broadcast(INTS, (int) (first >>> 32));
        }
        for (int lane = 0; lane < LANES; lane++) {
            counterHigh[lane] = (int) ((first + lane) >>> 32);
        }
        return IntVector.fromArray(INTS, counterHigh, 0);
    }

    /** Stream spec §3–§4 on x0..x3 into y0..y3 (word k of block j to value k of block j). */
    private void transform(FillSpec spec, int n) {
        float a = spec.offset();
        float b = spec.scale();
        switch (spec.distribution()) {
            case RAW_BITS -> {
                raw(x0, y0, n);
                raw(x1, y1, n);
                raw(x2, y2, n);
                raw(x3, y3, n);
            }
            case UNIFORM -> {
                uniform(x0, y0, n, a, b);
                uniform(x1, y1, n, a, b);
                uniform(x2, y2, n, a, b);
                uniform(x3, y3, n, a, b);
            }
            case NORMAL -> {
                radius(x0, r01, n);
                radius(x2, r23, n);
                boxMuller(x1, r01, y0, y1, n, a, b);
                boxMuller(x3, r23, y2, y3, n, a, b);
            }
            case TRUNCATED_NORMAL -> {
                truncatedNormal(x0, y0, n, a, b);
                truncatedNormal(x1, y1, n, a, b);
                truncatedNormal(x2, y2, n, a, b);
                truncatedNormal(x3, y3, n, a, b);
            }
            case BOUNDED_NORMAL -> {
                // Lane by lane: the quantile's three branches do not vectorise well, and the bits are the scalar ones.
                Truncation t = spec.truncation();
                for (int j = 0; j < n; j++) {
                    y0[j] = t.clamp(a + b * Transforms.boundedNormal(x0[j], t));
                    y1[j] = t.clamp(a + b * Transforms.boundedNormal(x1[j], t));
                    y2[j] = t.clamp(a + b * Transforms.boundedNormal(x2[j], t));
                    y3[j] = t.clamp(a + b * Transforms.boundedNormal(x3[j], t));
                }
            }
        }
    }

    /** y0..y3 of blocks {@code 0 .. n-1} into {@code dst[out ..]} in element order. */
    private void interleave(int n, float[] dst, int out) {
        for (int j = 0; j < n; j++) {
            int p = out + 4 * j;
            dst[p] = y0[j];
            dst[p + 1] = y1[j];
            dst[p + 2] = y2[j];
            dst[p + 3] = y3[j];
        }
    }

    /*
     * Each pass below is one loop over arrays with the Vector API called directly in its body. The
     * API is fast only where C2 inlines every call and keeps vectors in registers; a vector passed
     * to or returned from a method that is not inlined is boxed on the heap (about 20x slower). C2
     * stops inlining at a depth and a node count that one method holding a whole transform exceeds,
     * so the passes are small and hand each other arrays, which stay in L1.
     */

    private static void raw(int[] words, float[] values, int n) {
        for (int j = 0; j < n; j += LANES) {
            IntVector.fromArray(INTS, words, j).reinterpretAsFloats().intoArray(values, j);
        }
    }

    /** {@code a + b *} {@link Transforms#uniform}. */
    private static void uniform(int[] words, float[] values, int n, float a, float b) {
        for (int j = 0; j < n; j += LANES) {
            IntVector top24 = IntVector.fromArray(INTS, words, j).lanewise(VectorOperators.LSHR, 8);
            ((FloatVector) top24.convert(VectorOperators.I2F, 0)).mul(TWO_POW_M24).mul(b).add(a).intoArray(values, j);
        }
    }

    /** {@link Transforms#normalRadius} of the even words into {@code radius}. */
    private void radius(int[] evenWords, float[] radius, int n) {
        for (int j = 0; j < n; j += LANES) {
            IntVector top24 = IntVector.fromArray(INTS, evenWords, j).lanewise(VectorOperators.LSHR, 8);
            ((FloatVector) top24.add(1).convert(VectorOperators.I2F, 0)).mul(TWO_POW_M24).intoArray(lnIn, j);
        }
        ln(lnIn, lnOut, n);
        for (int j = 0; j < n; j += LANES) {
            FloatVector.fromArray(FLOATS, lnOut, j).mul(-2.0f).lanewise(VectorOperators.SQRT).intoArray(radius, j);
        }
    }

    /**
     * {@code a + b *} {@link Transforms#normalEven} and {@link Transforms#normalOdd}: the angle word's
     * {@link Float32Math#cos2pi} and {@link Float32Math#sin2pi} times the radius.
     */
    private static void boxMuller(int[] oddWords, float[] radius, float[] even, float[] odd, int n, float a, float b) {
        IntVector quarterTurn = IntVector.broadcast(INTS, 0x40_0000);
        for (int j = 0; j < n; j += LANES) {
            IntVector m24 = IntVector.fromArray(INTS, oddWords, j).lanewise(VectorOperators.LSHR, 8);
            // Exact reduction of t = m24 * 2^-24 to s in [0, 1/8] (in 2^-24 units), as the scalar code.
            IntVector j22 = m24.and(0x3F_FFFF);
            VectorMask<Integer> swap = j22.compare(VectorOperators.GT, 0x20_0000);
            IntVector reduced = j22.blend(quarterTurn.sub(j22), swap);
            FloatVector s = ((FloatVector) reduced.convert(VectorOperators.I2F, 0)).mul(0x1p-24f);
            FloatVector z = s.mul(s);
            // sinPoly(s, z)
            FloatVector p = z.mul(SIN_S9).add(SIN_S7);
            p = p.mul(z).add(SIN_S5);
            p = p.mul(z).add(SIN_S3);
            FloatVector correction = z.mul(p).add(SIN_S1_LO);
            IntVector sinPoly = s.mul(SIN_S1).add(s.mul(correction)).reinterpretAsInts();
            // cosPoly(z)
            FloatVector q = z.mul(COS_C10).add(COS_C8);
            q = q.mul(z).add(COS_C6);
            q = q.mul(z).add(COS_C4);
            q = q.mul(z).add(COS_C2);
            IntVector cosPoly = z.mul(q).add(1.0f).reinterpretAsInts();
            // Where quadrantOdd(m24) != swap the polynomials trade places.
            IntVector swapBit = IntVector.zero(INTS).blend(1, swap);
            VectorMask<Integer> trade = m24.lanewise(VectorOperators.LSHR, 22).lanewise(VectorOperators.XOR, swapBit)
                    .and(1).compare(VectorOperators.NE, 0);
            IntVector sin = sinPoly.blend(cosPoly, trade);
            IntVector cos = cosPoly.blend(sinPoly, trade);
            // Negation flips the sign bit: sin < 0 in the second half turn, cos in the middle quadrants.
            IntVector sinSign = m24.lanewise(VectorOperators.LSHL, 8).and(SIGN);
            IntVector cosSign = m24.lanewise(VectorOperators.LSHR, 22).add(1).and(2).lanewise(VectorOperators.LSHL, 30);
            FloatVector r = FloatVector.fromArray(FLOATS, radius, j);
            r.mul(cos.lanewise(VectorOperators.XOR, cosSign).reinterpretAsFloats()).mul(b).add(a).intoArray(even, j);
            r.mul(sin.lanewise(VectorOperators.XOR, sinSign).reinterpretAsFloats()).mul(b).add(a).intoArray(odd, j);
        }
    }

    /** {@code a + b *} {@link Transforms#truncatedNormal}. */
    private void truncatedNormal(int[] words, float[] values, int n, float a, float b) {
        for (int j = 0; j < n; j += LANES) {
            IntVector top24 = IntVector.fromArray(INTS, words, j).lanewise(VectorOperators.LSHR, 8);
            FloatVector v = ((FloatVector) top24.lanewise(VectorOperators.LSHL, 1).add(1 - (1 << 24))
                    .convert(VectorOperators.I2F, 0)).mul(TWO_POW_M24);
            FloatVector x = v.mul(ERF_SQRT2);
            x.intoArray(erfinvX, j);
            FloatVector.broadcast(FLOATS, 1.0f).sub(x).mul(x.add(1.0f)).intoArray(lnIn, j);
        }
        ln(lnIn, lnOut, n);
        for (int j = 0; j < n; j += LANES) {
            // Float32Math.erfinv after its ln.
            FloatVector x = FloatVector.fromArray(FLOATS, erfinvX, j);
            FloatVector w = FloatVector.fromArray(FLOATS, lnOut, j).neg();
            FloatVector p = w.mul(ERFINV_P8).add(ERFINV_P7);
            p = p.mul(w).add(ERFINV_P6);
            p = p.mul(w).add(ERFINV_P5);
            p = p.mul(w).add(ERFINV_P4);
            p = p.mul(w).add(ERFINV_P3);
            p = p.mul(w).add(ERFINV_P2);
            p = p.mul(w).add(ERFINV_P1);
            FloatVector erfinv = x.mul(ERFINV_P0).add(x.mul(w.mul(p)));
            erfinv.mul(SQRT2).mul(b).add(a).intoArray(values, j);
        }
    }

    /** {@link Float32Math#ln} of positive normal floats. */
    private static void ln(float[] in, float[] out, int n) {
        for (int j = 0; j < n; j += LANES) {
            IntVector bits = FloatVector.fromArray(FLOATS, in, j).reinterpretAsInts();
            IntVector mantissa = bits.and(MANTISSA);
            // 1 where m < SQRT_HALF: then e - 1 and m + m - 1 (m + m is m with its exponent raised by one).
            IntVector small = mantissa.sub(SQRT_HALF_MANTISSA).lanewise(VectorOperators.LSHR, 31);
            IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126).sub(small);
            FloatVector m = mantissa.or(HALF_EXPONENT).add(small.lanewise(VectorOperators.LSHL, 23))
                    .reinterpretAsFloats().sub(1.0f);
            FloatVector z = m.mul(m);
            FloatVector y = m.mul(LN_P8).add(LN_P7);
            y = y.mul(m).add(LN_P6);
            y = y.mul(m).add(LN_P5);
            y = y.mul(m).add(LN_P4);
            y = y.mul(m).add(LN_P3);
            y = y.mul(m).add(LN_P2);
            y = y.mul(m).add(LN_P1);
            y = y.mul(m).add(LN_P0);
            y = y.mul(m).mul(z);
            FloatVector fe = (FloatVector) e.convert(VectorOperators.I2F, 0);
            y = y.add(fe.mul(LN2_LO));
            y = y.add(z.mul(-0.5f));
            m.add(y).add(fe.mul(LN2_HI)).intoArray(out, j);
        }
    }
}
