package dev.weightinit.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The median of timed runs and its distribution-free 95% confidence interval (order statistics
 * of the binomial(n, 1/2) normal approximation, as JMH and benchmark texts use). Stateless.
 */
final class Statistics {
    private Statistics() {
    }

    static double median(List<Double> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code [low, high]} of the median's 95% interval: the order statistics {@code n/2 ∓ 0.98 sqrt(n)}, clamped. */
    static double[] medianInterval(List<Double> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double half = 1.96 * Math.sqrt(n) / 2;
        int low = (int) Math.max(0, Math.floor(n / 2.0 - half));
        int high = (int) Math.min(n - 1, Math.ceil(n / 2.0 + half) - 1);
        return new double[] {sorted.get(low), sorted.get(Math.max(low, high))};
    }

    private static List<Double> sorted(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values.stream().filter(v -> !Double.isNaN(v)).toList());
        Collections.sort(sorted);
        return sorted;
    }
}
