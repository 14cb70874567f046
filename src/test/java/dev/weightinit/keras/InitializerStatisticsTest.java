package dev.weightinit.keras;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every random initializer, on the Java fallback and on the OpenCL device, against its exact target
 * distribution built here from Keras' formulas ({@link DistributionCheck} states the false-alarm
 * rate and power). Each case is also checked against the same target with its scale 2% off, which
 * every check must reject: the tests can fail.
 */
class InitializerStatisticsTest {
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;
    private static final double WRONG_SCALE = 1.02;
    private static Backend cpu;
    private static Backend opencl;

    /** A case: an initializer, a shape, and its target distribution as a function of a scale factor. */
    record Case(String name, Initializer initializer, Shape shape, DoubleFunction<ContinuousDistribution> target) {
        @Override
        public String toString() {
            return name + " " + shape;
        }
    }

    static ContinuousDistribution normal(double mean, double sd) {
        return NormalDistribution.of(mean, sd);
    }

    /** Normal of pre-truncation stddev {@code sd} truncated at mean ± 2 sd. */
    static ContinuousDistribution truncated(double mean, double sd) {
        return TruncatedNormalDistribution.of(mean, sd, mean - 2 * sd, mean + 2 * sd);
    }

    static ContinuousDistribution uniform(double center, double halfWidth) {
        return UniformContinuousDistribution.of(center - halfWidth, center + halfWidth);
    }

    static List<Case> cases() {
        Shape dense = Shape.of(1024, 1024);              // fan_in = fan_out = 1024
        Shape conv = Shape.of(3, 3, 256, 512);           // fan_in = 2304, fan_out = 4608
        Shape rank3 = Shape.of(16, 64, 1024);            // fan_in = 1024, fan_out = 16384
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("RandomNormal", new RandomNormal(0.1, 0.5, 1L), dense, k -> normal(0.1, 0.5 * k)));
        cases.add(new Case("RandomUniform", new RandomUniform(-0.3, 0.7, 2L), dense, k -> uniform(0.2, 0.5 * k)));
        cases.add(new Case("TruncatedNormal", new TruncatedNormal(0.2, 0.3, 3L), dense, k -> truncated(0.2, 0.3 * k)));
        cases.add(new Case("VarianceScaling untruncated fan_out", new VarianceScaling(2.5, "fan_out", "untruncated_normal", 4L),
                conv, k -> normal(0, k * Math.sqrt(2.5 / 4608))));
        cases.add(new Case("VarianceScaling truncated fan_avg", new VarianceScaling(0.7, "fan_avg", "truncated_normal", 5L),
                conv, k -> truncated(0, k * Math.sqrt(0.7 / 3456) / TRUNCATED_STDDEV)));
        cases.add(new Case("VarianceScaling uniform fan_in", new VarianceScaling(3.0, "fan_in", "uniform", 6L),
                dense, k -> uniform(0, k * Math.sqrt(9.0 / 1024))));
        cases.add(new Case("GlorotNormal", new GlorotNormal(7L), conv, k -> truncated(0, k * Math.sqrt(2.0 / (2304 + 4608)) / TRUNCATED_STDDEV)));
        cases.add(new Case("GlorotUniform", new GlorotUniform(8L), conv, k -> uniform(0, k * Math.sqrt(6.0 / (2304 + 4608)))));
        cases.add(new Case("HeNormal", new HeNormal(9L), dense, k -> truncated(0, k * Math.sqrt(2.0 / 1024) / TRUNCATED_STDDEV)));
        cases.add(new Case("HeUniform", new HeUniform(10L), dense, k -> uniform(0, k * Math.sqrt(6.0 / 1024))));
        cases.add(new Case("LecunNormal", new LecunNormal(11L), rank3, k -> truncated(0, k * Math.sqrt(1.0 / 1024) / TRUNCATED_STDDEV)));
        cases.add(new Case("LecunUniform", new LecunUniform(12L), rank3, k -> uniform(0, k * Math.sqrt(3.0 / 1024))));
        cases.add(new Case("VarianceScaling input_axes", new VarianceScaling(1.0, "fan_out", "untruncated_normal", 13L,
                List.of(0), List.of(1, 2)), Shape.of(1024, 16, 64), k -> normal(0, k * Math.sqrt(1.0 / 1024))));
        return cases;
    }

    static Stream<Arguments> casesOnBackends() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, "cpu"), Arguments.of(c, "opencl")));
    }

    private static synchronized Backend backend(String name) {
        if (name.equals("cpu")) {
            if (cpu == null) {
                cpu = new CpuBackend(2);
            }
            return cpu;
        }
        if (opencl == null) {
            opencl = new OpenClBackend(OpenClTestDevices.require());
        }
        return opencl;
    }

    @AfterAll
    static void close() {
        if (cpu != null) {
            cpu.close();
        }
        if (opencl != null) {
            opencl.close();
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("casesOnBackends")
    void fitsItsKerasDistributionAndRejectsAWrongScale(Case c, String backendName) {
        float[] values = c.initializer().generate(c.shape(), backend(backendName));
        DistributionCheck.Report right = DistributionCheck.check(values, c.target().apply(1.0));
        assertTrue(right.fits(), c + " on " + backendName + ": " + right.failures());
        DistributionCheck.Report wrong = DistributionCheck.check(values, c.target().apply(WRONG_SCALE));
        assertTrue(wrong.allReject(), c + " on " + backendName + " was not told from a 2% wrong scale: KS p "
                + wrong.ksP() + ", chi-square p " + wrong.chiSquareP() + ", variance z " + wrong.z()[1]);
    }
}
