package dev.weightinit.benchmarks;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** What a Java user would otherwise use to fill a float[] with random values, single-threaded. */
public class PeerBenchmark extends AbstractBenchmark {
    @Param({"1048576", "16777216", "67108864"})
    public int size;

    private float[] out;
    private Random random;
    private SplittableRandom splittable;
    private ZigguratSampler.NormalizedGaussian zigguratMix;
    private ZigguratSampler.NormalizedGaussian zigguratPhilox;
    private UniformRandomProvider mix;

    @Setup
    public void setUp() {
        out = new float[size];
        random = new Random(42);
        splittable = new SplittableRandom(42);
        zigguratMix = ZigguratSampler.NormalizedGaussian.of(RandomSource.L64_X128_MIX.create(42L));
        zigguratPhilox = ZigguratSampler.NormalizedGaussian.of(RandomSource.PHILOX_4X32.create(42L));
        mix = RandomSource.L64_X128_MIX.create(42L);
    }

    /** Write-bandwidth ceiling of one Java thread. */
    @Benchmark
    public float[] arraysFill() {
        Arrays.fill(out, 1f);
        return out;
    }

    @Benchmark
    public float[] randomNextGaussian() {
        for (int i = 0; i < size; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    @Benchmark
    public float[] splittableRandomBoxMuller() {
        for (int i = 0; i < size; i += 2) {
            double u1 = 1.0 - splittable.nextDouble();
            double t = 2 * Math.PI * splittable.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            out[i] = (float) (r * Math.cos(t));
            if (i + 1 < size) {
                out[i + 1] = (float) (r * Math.sin(t));
            }
        }
        return out;
    }

    @Benchmark
    public float[] zigguratL64X128Mix() {
        for (int i = 0; i < size; i++) {
            out[i] = (float) zigguratMix.sample();
        }
        return out;
    }

    @Benchmark
    public float[] zigguratPhilox4x32() {
        for (int i = 0; i < size; i++) {
            out[i] = (float) zigguratPhilox.sample();
        }
        return out;
    }

    @Benchmark
    public float[] l64X128MixNextFloat() {
        for (int i = 0; i < size; i++) {
            out[i] = mix.nextFloat();
        }
        return out;
    }
}
