package dev.weightinit.keras;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.backend.cpu.CpuBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact checks for the deterministic initializers and the defining properties of Orthogonal. */
class HostComputedInitializersTest {
    private static CpuBackend cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    @Test
    void constantsAreExact() {
        for (float v : new Zeros().generate(Shape.of(7, 9), cpu)) {
            assertEquals(0.0f, v);
        }
        for (float v : new Ones().generate(Shape.of(7, 9), cpu)) {
            assertEquals(1.0f, v);
        }
        for (float v : new Constant(-3.25).generate(Shape.of(7, 9), cpu)) {
            assertEquals(-3.25f, v);
        }
    }

    @Test
    void identityIsGainOnTheDiagonalOfNonSquareMatrices() {
        float[] values = new Identity(2.5).generate(Shape.of(3, 5), cpu);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 5; c++) {
                assertEquals(r == c ? 2.5f : 0f, values[r * 5 + c], "(" + r + ", " + c + ")");
            }
        }
        assertEquals(2.5, new Identity(2.5).getConfig().get("gain"));
    }

    /**
     * Orthonormal rows or columns (max |QᵀQ − I| below float32 rounding), and Keras' sign rule:
     * for rows >= cols, R = QᵀA is upper triangular with a positive diagonal, A the normal draws.
     */
    @Test
    void orthogonalHasOrthonormalVectorsAndKerasSigns() {
        for (long[] dims : new long[][] {{64, 32}, {32, 64}, {3, 3, 16, 32}, {50, 50}}) {
            Shape shape = Shape.of(dims);
            double gain = 1.5;
            Orthogonal orthogonal = new Orthogonal(gain, 99L);
            float[] q = orthogonal.generate(shape, cpu);
            int cols = (int) dims[dims.length - 1];
            int rows = q.length / cols;
            boolean orthonormalColumns = rows >= cols;
            int k = Math.min(rows, cols);
            double worst = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double dot = 0;
                    int length = orthonormalColumns ? rows : cols;
                    for (int t = 0; t < length; t++) {
                        double a = orthonormalColumns ? q[t * cols + i] : q[i * cols + t];
                        double b = orthonormalColumns ? q[t * cols + j] : q[j * cols + t];
                        dot += a * b;
                    }
                    worst = Math.max(worst, Math.abs(dot / (gain * gain) - (i == j ? 1 : 0)));
                }
            }
            assertTrue(worst < 1e-5, shape + ": max |QᵀQ - I| = " + worst);
            if (orthonormalColumns) {
                float[] a = new RandomNormal(0, 1, 99L).generate(Shape.of(rows, cols), cpu);
                for (int i = 0; i < cols; i++) {
                    for (int j = 0; j <= i; j++) {
                        double r = 0;
                        for (int t = 0; t < rows; t++) {
                            r += q[t * cols + i] / gain * a[t * cols + j];
                        }
                        if (i == j) {
                            assertTrue(r > 0, shape + ": diag(R) must be positive, R[" + i + "," + i + "] = " + r);
                        } else {
                            assertEquals(0, r, 1e-3, shape + ": R[" + i + "," + j + "] below the diagonal");
                        }
                    }
                }
            }
        }
    }

    /** Keras' STFT formula evaluated by NumPy and SciPy's get_window (src/test/resources/stft-reference.json). */
    @Test
    void stftMatchesNumpyAndScipy() throws IOException {
        JsonNode reference = new ObjectMapper().readTree(getClass().getResource("/stft-reference.json"));
        int checked = 0;
        for (JsonNode c : reference.get("cases")) {
            List<Long> dims = new ArrayList<>();
            c.get("shape").forEach(d -> dims.add(d.asLong()));
            Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"),
                    new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
            Initializer stft = Initializers.fromConfig("STFT", config);
            float[] values = stft.generate(Shape.of(dims), cpu);
            JsonNode expected = c.get("values");
            assertEquals(expected.size(), values.length);
            for (int i = 0; i < values.length; i++) {
                assertEquals(expected.get(i).asDouble(), values[i], 1e-6, config + " element " + i);
                checked++;
            }
        }
        assertEquals(191, checked, "every value of the nine reference tensors");
    }
}
