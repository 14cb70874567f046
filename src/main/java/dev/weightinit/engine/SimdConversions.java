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

    /** The moments pass ({@link #addMoments}): every float type's statistics. */
    static final int MOMENTS = 1;
    /** bfloat16's rounding and widening ({@link #toBfloat16}, {@link #toFloats} of bfloat16). */
    static final int BFLOAT16_PASSES = 2;
    /** float16's rounding and widening ({@link #toFloat16}, {@link #toFloats} of float16). */
    static final int FLOAT16_PASSES = 4;
    /** Every pass. */
    static final int ALL = MOMENTS | BFLOAT16_PASSES | FLOAT16_PASSES;

    /** The passes {@code dtype}'s values go through: its rounding and widening where it has them, and the moments. */
    static int passes(DType dtype) {
        return switch (dtype) {
            case BFLOAT16 -> BFLOAT16_PASSES | MOMENTS;
            case FLOAT16 -> FLOAT16_PASSES | MOMENTS;
            default -> MOMENTS;
        };
    }

    /**
     * Whether every pass is compiled, for a caller about to process {@code elements} values
     * ({@link #ready(DType, long)} for all of them).
     */
    static boolean ready(long elements) {
        return ready(ALL, elements);
    }

    /**
     * Whether the passes {@code dtype}'s values go through ({@link #passes}) are compiled, for a
     * caller about to process {@code elements} of them. Interpreted, Vector API code is about 20x
     * slower than the scalar loops (a first 32M-element moments pass took 0.57 s, later ones
     * 0.007 s), and compiling it costs about 0.9 s of CPU. So callers use the scalar loops until the
     * fallback's one warm-up thread ({@link VectorSupport}) has run the passes enough for C2 to
     * compile them, and it compiles only the passes a run uses: a bfloat16 model never compiles
     * float16's, a float32 one only the moments (bfloat16's alone: 0.7 s instead of 1.0 s in an idle
     * JVM, a third less C2 time; RESULTS run 13). It is
     * asked to at once on machines of 4 or more processors (where the compiler has cores of its
     * own), or when the caller knew in advance that the fallback would run
     * ({@link #requestAtFirstUse()}), and on smaller ones once {@value #WARM_UP_AFTER} values have
     * gone through the scalar loops: on 2 cores the compile (about 0.4 s) competes with the work,
     * and the scalar bfloat16 rounding costs about 1.1 ns of wall time a value more than SIMD (a
     * 32M-value chunk in 145 ms against 108 ms), so it repays itself after about 400M values
     * (RESULTS run 12).
     */
    static boolean ready(DType dtype, long elements) {
        return ready(passes(dtype), elements);
    }

    private static boolean ready(int wanted, long elements) {
        if (compiled(wanted)) {
            return true;
        }
        if ((requestedMask & wanted) != wanted && (CORES >= 4 || atFirstUse || seen.addAndGet(elements) >= WARM_UP_AFTER)) {
            synchronized (SimdConversions.class) {
                requestedMask |= wanted;
            }
            VectorSupport.requestPassesWarmUp();
        }
        return false;
    }

    /** Values through the scalar loops after which a small machine compiles the SIMD passes. */
    static final long WARM_UP_AFTER = 1L << 27;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();

    /** The passes compiled (bits of {@link #ALL}). */
    private static volatile int compiledMask;
    /** The passes asked for by their users; written under the class monitor. */
    private static volatile int requestedMask;
    /** The passes the warm-up has run for (compiled or not: a JVM that cannot compile them is not asked again). */
    private static int triedMask;
    /** Ask for the passes at their first use, not after {@value #WARM_UP_AFTER} values: the fallback is known to run. */
    private static volatile boolean atFirstUse;

    /** Whether the passes {@code dtype}'s values go through are compiled (no side effect, unlike {@link #ready}). */
    static boolean compiled(DType dtype) {
        return compiled(passes(dtype));
    }

    /** Whether every pass in {@code sets} (bits of {@link #ALL}) is compiled. */
    private static boolean compiled(int sets) {
        return (compiledMask & sets) == sets;
    }

    /**
     * From now on, a pass is asked for at its first use rather than after {@value #WARM_UP_AFTER}
     * values: for a caller that knows the fallback will make many values
     * ({@link VectorSupport#warmUpInBackground()}); which passes is known only once values of a type are made.
     */
    static void requestAtFirstUse() {
        atFirstUse = true;
    }

    /** The warm-up thread's work: compiles the passes asked for and not yet tried. */
    static void warmUp() {
        int pending;
        synchronized (SimdConversions.class) {
            pending = requestedMask & ~triedMask;
            triedMask |= pending;
        }
        if (pending != 0) {
            warmUp(pending);
        }
    }

    /**
     * Runs the passes in {@code sets} (bits of {@link #ALL}) on 1024 elements, alternately through
     * the Vector API and through the scalar loops, until the Vector API round is the faster twice in
     * a row (C2 has compiled it: a round merely faster than the first, interpreted one, can still be
     * C1's code, 20x slower than the scalar loops), or for at most {@value #WARM_UP_SECONDS} s (then
     * they stay scalar: a JVM that cannot compile them); only then are they used.
     */
    static void warmUp(int sets) {
        if (compiled(sets)) {
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
                if ((sets & BFLOAT16_PASSES) != 0) {
                    toBfloat16(values, 0, values.length, halves, 0);
                    toFloats(DType.BFLOAT16, halves, halves.length, values);
                }
                if ((sets & FLOAT16_PASSES) != 0) {
                    toFloat16(values, 0, values.length, halves, 0);
                    toFloats(DType.FLOAT16, halves, halves.length, values);
                }
                if ((sets & MOMENTS) != 0) {
                    addMoments(values, values.length, sums);
                }
                long vector = System.nanoTime() - started;
                started = System.nanoTime();
                scalarRound(sets, values, halves, sums);
                long scalar = System.nanoTime() - started;
                wins = vector < scalar ? wins + 1 : 0;
            }
            if (wins >= 2) {
                synchronized (SimdConversions.class) {
                    compiledMask |= sets;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // a JVM whose Vector API fails: the scalar loops stay in use
        }
    }

    /** Seconds of {@link #warmUp()} after which the passes stay scalar (SIMD never won). */
    static final int WARM_UP_SECONDS = 10;

    /** The scalar loops the passes in {@code sets} replace, over the same arrays: the yardstick of {@link #warmUp(int)}. */
    private static void scalarRound(int sets, float[] values, short[] halves, double[] sums) {
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if ((sets & BFLOAT16_PASSES) != 0) {
                halves[i] = FloatRounding.toBfloat16Bits(v);
                v = FloatRounding.bfloat16ToFloat(halves[i]);
            }
            if ((sets & FLOAT16_PASSES) != 0) {
                halves[i] = FloatRounding.toFloat16Bits(v);
                v = FloatRounding.float16ToFloat(halves[i]);
            }
            values[i] = v;
            if ((sets & MOMENTS) != 0) {
                sum += v;
                squares += (double) v * v;
            }
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
