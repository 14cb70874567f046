package dev.weightinit.keras;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * Goodness of fit of a sample to an exact target distribution, as three independent checks:
 * <ul>
 *   <li>Kolmogorov–Smirnov against the target CDF, rejected at p < {@link #ALPHA};</li>
 *   <li>chi-square over {@link #BINS} equiprobable bins (edges from the inverse CDF), rejected at
 *       p < {@link #ALPHA};</li>
 *   <li>the first four moments: |z| > {@link #MAX_Z} rejects, with z the distance from the target
 *       moment in standard errors (mean: sigma/sqrt(n); variance: sqrt((mu4 - sigma^4)/n); skewness
 *       and excess kurtosis: the normal-theory errors sqrt(6/n) and sqrt(24/n), conservative for the
 *       light-tailed targets here). Target moments come from numerical integration of the density.</li>
 * </ul>
 * False alarms: a correct generator fails a check with probability about 1e-4 (KS, chi-square) or
 * 6e-7 (each moment), so about 2e-4 per sample; the seeds are fixed, so each test is
 * deterministic. Power: for n = 2^20 a 2% error of scale moves the KS statistic by about 0.0048 for
 * a normal against a critical value of 0.0022, and the variance by about 29 standard errors: such
 * an error is caught with probability near 1, which the wrong-scale tests confirm.
 */
public final class DistributionCheck {
    public static final double ALPHA = 1e-4;
    static final int BINS = 100;
    static final double MAX_Z = 5;

    private DistributionCheck() {
    }

    /** What the checks found; {@link #failures()} is empty when the sample fits. */
    public record Report(double ksP, double chiSquareP, double[] z, List<String> failures) {
        public boolean fits() {
            return failures.isEmpty();
        }

        /** Whether every check rejects (for the deliberately wrong targets). */
        public boolean allReject() {
            return ksP < ALPHA && chiSquareP < ALPHA && Math.abs(z[1]) > MAX_Z;
        }
    }

    /** A sample's mean, its standard deviation about that mean, and its root mean square. */
    record Moments(double mean, double sd, double rms) {
        static Moments of(float[] sample) {
            double sum = 0;
            double square = 0;
            for (float v : sample) {
                sum += v;
                square += (double) v * v;
            }
            double mean = sum / sample.length;
            return new Moments(mean, Math.sqrt(square / sample.length - mean * mean), Math.sqrt(square / sample.length));
        }
    }

    public static Report check(float[] sample, ContinuousDistribution target) {
        double[] x = new double[sample.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = sample[i];
        }
        List<String> failures = new ArrayList<>();
        double ksP = KolmogorovSmirnovTest.withDefaults().test(x, target::cumulativeProbability).getPValue();
        if (ksP < ALPHA) {
            failures.add("Kolmogorov-Smirnov p = " + ksP);
        }
        long[] observed = new long[BINS];
        double[] edges = new double[BINS - 1];
        for (int b = 1; b < BINS; b++) {
            edges[b - 1] = target.inverseCumulativeProbability((double) b / BINS);
        }
        for (double value : x) {
            int bin = java.util.Arrays.binarySearch(edges, value);
            observed[bin >= 0 ? bin + 1 : -bin - 1]++;
        }
        double[] expected = new double[BINS];
        java.util.Arrays.fill(expected, 1.0);
        double chiP = ChiSquareTest.withDefaults().test(expected, observed).getPValue();
        if (chiP < ALPHA) {
            failures.add("chi-square p = " + chiP);
        }
        double[] z = momentZ(x, target);
        String[] names = {"mean", "variance", "skewness", "excess kurtosis"};
        for (int k = 0; k < 4; k++) {
            if (!(Math.abs(z[k]) <= MAX_Z)) {
                failures.add(names[k] + " z = " + z[k]);
            }
        }
        return new Report(ksP, chiP, z, failures);
    }

    /** z-scores of the sample's mean, variance, skewness and excess kurtosis against the target's. */
    private static double[] momentZ(double[] x, ContinuousDistribution target) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = v - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double[] t = targetMoments(target);
        double sigma2 = t[1];
        double skewTarget = t[2] / Math.pow(sigma2, 1.5);
        double kurtTarget = t[3] / (sigma2 * sigma2) - 3;
        return new double[] {
            (mean - t[0]) / Math.sqrt(sigma2 / n),
            (m2 - sigma2) / Math.sqrt((t[3] - sigma2 * sigma2) / n),
            (m3 / Math.pow(m2, 1.5) - skewTarget) / Math.sqrt(6.0 / n),
            (m4 / (m2 * m2) - 3 - kurtTarget) / Math.sqrt(24.0 / n),
        };
    }

    /** Mean and central moments 2, 3, 4 of the target by Simpson's rule over its support. */
    static double[] targetMoments(ContinuousDistribution target) {
        double lo = target.inverseCumulativeProbability(1e-15);
        double hi = target.inverseCumulativeProbability(1 - 1e-15);
        int steps = 200_000;
        double h = (hi - lo) / steps;
        double mean = target.getMean();
        double[] sums = new double[5];
        for (int i = 0; i <= steps; i++) {
            double xi = lo + i * h;
            double weight = (i == 0 || i == steps) ? 1 : (i % 2 == 1 ? 4 : 2);
            double density = target.density(xi) * weight;
            double d = xi - mean;
            sums[2] += density * d * d;
            sums[3] += density * d * d * d;
            sums[4] += density * d * d * d * d;
        }
        return new double[] {mean, sums[2] * h / 3, sums[3] * h / 3, sums[4] * h / 3};
    }
}
