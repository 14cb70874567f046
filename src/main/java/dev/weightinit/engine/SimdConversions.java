package dev.weightinit.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API forms of the fallback's per-element passes: float32 to float16 / bfloat16 bits
 * (the same integer operations as {@link FloatRounding}, lane by lane, so the same bits) and back,
 * and the sum and sum of squares of float32 values (in double lanes; the order of the additions
 * differs from a scalar loop, so sums agree to rounding, not to the bit). Load only when
 * {@link VectorSupport#usable()}; {@link ValueWriter} and the writer's statistics ({@link SimdPasses}) choose. Thread-safe:
 * stateless.
 */
final class SimdConversions {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** As many shorts as {@link #INTS} has lanes, in half the bits. */
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));
    /** Half as many doubles as {@link #FLOATS} has lanes: one float vector widens to two of these. */
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, VectorShape.forBitSize(FLOATS.vectorBitSize()));
    private static final int LANES = INTS.length();

    private SimdConversions() {
    }

    /**
     * Whether these passes are compiled, for a caller about to process {@code elements} values.
     * Interpreted, Vector API code is about 20x slower than the scalar loops (a first 32M-element
     * moments pass took 0.57 s, later ones 0.007 s), and compiling it costs about 0.9 s of CPU. So
     * callers use the scalar loops until the fallback's one warm-up thread ({@link VectorSupport}) has
     * run every pass enough for C2 to compile it. It is asked to at once on machines of 4 or more processors (where the
     * compiler has cores of its own), and on smaller ones once {@value #WARM_UP_AFTER} values have
     * gone through the scalar loops: on 2 cores the compile (about 0.4 s) competes with the work, and
     * the scalar bfloat16 rounding costs about 1.1 ns of wall time a value more than SIMD (a 32M-value
     * chunk in 145 ms against 108 ms), so it repays itself after about 400M values (RESULTS run 12).
     */
    static boolean ready(long elements) {
        if (!warm && !requested && (CORES >= 4 || seen.addAndGet(elements) >= WARM_UP_AFTER)) {
            requested = true;
            VectorSupport.requestPassesWarmUp();
        }
        return warm;
    }

    /** Values through the scalar loops after which a small machine compiles the SIMD passes. */
    static final long WARM_UP_AFTER = 1L << 27;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();

    private static volatile boolean warm;

    /** Whether the passes are compiled (no side effect, unlike {@link #ready}). */
    static boolean compiled() {
        return warm;
    }
    /** The warm-up of these passes was asked for (once). */
    private static volatile boolean requested;

    /**
     * Runs every pass on 1024 elements, alternately through the Vector API and through the scalar
     * loops, until the Vector API round is the faster twice in a row (C2 has compiled it: a round
     * merely faster than the first, interpreted one, can still be C1's code, 20x slower than the
     * scalar loops), or for at most {@value #WARM_UP_SECONDS} s (then they stay scalar: a JVM that
     * cannot compile them); only then are the passes used.
     */
    static void warmUp() {
        if (warm) {
            return;
        }
        try {
            float[] values = new float[1024];
            short[] halves = new short[1024];
            double[] sums = new double[2];
            for (int i = 0; i < values.length; i++) {
                values[i] = i * 0x1p-8f - 2;
            }
            int wins = 0;
            long deadline = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
            while (wins < 2 && System.nanoTime() < deadline) {
                long started = System.nanoTime();
                toBfloat16(values, 0, values.length, halves, 0);
                toFloats(DType.BFLOAT16, halves, halves.length, values);
                toFloat16(values, 0, values.length, halves, 0);
                toFloats(DType.FLOAT16, halves, halves.length, values);
                addMoments(values, values.length, sums);
                long vector = System.nanoTime() - started;
                started = System.nanoTime();
                scalarRound(values, halves, sums);
                long scalar = System.nanoTime() - started;
                wins = vector < scalar ? wins + 1 : 0;
            }
            warm = wins >= 2;
        } catch (RuntimeException | LinkageError e) {
            // a JVM whose Vector API fails: the scalar loops stay in use
        }
    }

    /** Seconds of {@link #warmUp()} after which the passes stay scalar (SIMD never won). */
    static final int WARM_UP_SECONDS = 10;

    /** The scalar loops the passes replace, over the same arrays: the yardstick of {@link #warmUp()}. */
    private static void scalarRound(float[] values, short[] halves, double[] sums) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < values.length; i++) {
            halves[i] = FloatRounding.toBfloat16Bits(values[i]);
            values[i] = FloatRounding.bfloat16ToFloat(halves[i]);
            halves[i] = FloatRounding.toFloat16Bits(values[i]);
            float v = FloatRounding.float16ToFloat(halves[i]);
            values[i] = v;
            sum += v;
            squares += (double) v * v;
        }
        sums[0] += sum;
        sums[1] += squares;
    }

    /** {@code out[to + i] = FloatRounding.toBfloat16Bits(values[from + i])} for {@code i < n}. */
    static void toBfloat16(float[] values, int from, int n, short[] out, int to) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            IntVector bits = FloatVector.fromArray(FLOATS, values, from + i).reinterpretAsInts();
            IntVector rounded = bits.add(0x7FFF).add(bits.lanewise(VectorOperators.LSHR, 16).and(1)).lanewise(VectorOperators.LSHR, 16);
            VectorMask<Integer> nan = bits.and(0x7FFF_FFFF).compare(VectorOperators.GT, 0x7F80_0000);
            IntVector result = rounded.blend(bits.lanewise(VectorOperators.LSHR, 16).or(0x40), nan);
            ((ShortVector) result.convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = FloatRounding.toBfloat16Bits(values[from + i]);
        }
    }

    /** {@code out[to + i] = FloatRounding.toFloat16Bits(values[from + i])} for {@code i < n}: every branch as a blend. */
    static void toFloat16(float[] values, int from, int n, short[] out, int to) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            IntVector bits = FloatVector.fromArray(FLOATS, values, from + i).reinterpretAsInts();
            IntVector sign = bits.lanewise(VectorOperators.LSHR, 16).and(0x8000);
            IntVector abs = bits.and(0x7FFF_FFFF);
            // Normal half: rebias by 127 - 15 and round the 13 dropped mantissa bits to nearest even.
            IntVector normal = abs.add(0x0FFF).add(abs.lanewise(VectorOperators.LSHR, 13).and(1)).sub(0x3800_0000)
                    .lanewise(VectorOperators.LSHR, 13);
            // Subnormal half: the value in units of 2^-24 (exponents 102..112 give shifts 24..14).
            IntVector exponent = abs.lanewise(VectorOperators.LSHR, 23);
            IntVector mantissa = abs.and(0x007F_FFFF).or(0x0080_0000);
            IntVector shift = IntVector.broadcast(INTS, 126).sub(exponent).max(1).min(31);
            IntVector truncated = mantissa.lanewise(VectorOperators.LSHR, shift);
            IntVector one = IntVector.broadcast(INTS, 1);
            IntVector remainder = mantissa.and(one.lanewise(VectorOperators.LSHL, shift).sub(1));
            IntVector half = one.lanewise(VectorOperators.LSHL, shift.sub(1));
            VectorMask<Integer> up = remainder.compare(VectorOperators.GT, half)
                    .or(remainder.compare(VectorOperators.EQ, half).and(truncated.and(1).compare(VectorOperators.NE, 0)));
            IntVector subnormal = truncated.add(1, up);
            IntVector result = subnormal.blend(0, exponent.compare(VectorOperators.LT, 102))
                    .blend(normal, abs.compare(VectorOperators.GE, 0x3880_0000))
                    .blend(0x7C00, abs.compare(VectorOperators.GE, 0x477F_F000))
                    .blend(abs.lanewise(VectorOperators.LSHR, 13).and(0x3FF).or(0x7E00), abs.compare(VectorOperators.GT, 0x7F80_0000));
            ((ShortVector) result.or(sign).convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(out, to + i);
        }
        for (; i < n; i++) {
            out[to + i] = FloatRounding.toFloat16Bits(values[from + i]);
        }
    }

    /** Adds the sum of {@code values[0, n)} to {@code sums[0]} and the sum of their squares to {@code sums[1]}. */
    static void addMoments(float[] values, int n, double[] sums) {
        DoubleVector s = DoubleVector.zero(DOUBLES);
        DoubleVector t = DoubleVector.zero(DOUBLES);
        DoubleVector q = DoubleVector.zero(DOUBLES);
        DoubleVector r = DoubleVector.zero(DOUBLES);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, values, i);
            DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1);
            s = s.add(lo); // two accumulator pairs: the additions do not wait on each other
            t = t.add(hi);
            q = q.add(lo.mul(lo));
            r = r.add(hi.mul(hi));
        }
        double sum = s.add(t).reduceLanes(VectorOperators.ADD);
        double squares = q.add(r).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double v = values[i];
            sum += v;
            squares += v * v;
        }
        sums[0] += sum;
        sums[1] += squares;
    }

    /**
     * {@code out[i]} = the float32 value of bfloat16 or float16 bits {@code halves[i]} for
     * {@code i < n}, exactly as {@link FloatRounding#bfloat16ToFloat} / {@link FloatRounding#float16ToFloat}.
     */
    static void toFloats(DType dtype, short[] halves, int n, float[] out) {
        boolean brain = dtype == DType.BFLOAT16;
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector v = brain ? ((IntVector) ShortVector.fromArray(SHORTS, halves, i).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats() : float16ToFloat(halves, i);
            v.intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = brain ? FloatRounding.bfloat16ToFloat(halves[i]) : FloatRounding.float16ToFloat(halves[i]);
        }
    }

    /** {@code LANES} float16 values from {@code halves[i ..]}, exactly as {@link FloatRounding#float16ToFloat}. */
    static FloatVector float16ToFloat(short[] halves, int i) {
        IntVector h = ((IntVector) ShortVector.fromArray(SHORTS, halves, i).convertShape(VectorOperators.S2I, INTS, 0)).and(0xFFFF);
        IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector exponent = h.lanewise(VectorOperators.LSHR, 10).and(0x1F);
        IntVector mantissa13 = h.and(0x3FF).lanewise(VectorOperators.LSHL, 13);
        IntVector normal = exponent.add(112).lanewise(VectorOperators.LSHL, 23).or(mantissa13);
        IntVector special = mantissa13.or(0x7F80_0000);
        // Subnormal and zero: mantissa * 2^-24 is exact in float32.
        IntVector small = h.and(0x3FF).convert(VectorOperators.I2F, 0).reinterpretAsFloats().mul(0x1p-24f).reinterpretAsInts();
        IntVector magnitude = normal.blend(special, exponent.compare(VectorOperators.EQ, 0x1F))
                .blend(small, exponent.compare(VectorOperators.EQ, 0));
        return magnitude.or(sign).reinterpretAsFloats();
    }
}
