package dev.weightinit.keras;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.backend.cpu.CpuBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The initializer table of docs/keras.md is exercised row by row: every name in it resolves to the class
 * it lists and generates a tensor with the expected spread, and the table lists every name the
 * registry accepts.
 */
class KerasDocsTableTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static Map<String, String> table() throws IOException {
        String table = Files.readString(Path.of("docs/keras.md"));
        int from = table.indexOf("<!-- initializer-table -->");
        int to = table.indexOf("<!-- /initializer-table -->");
        assertTrue(from >= 0 && to > from, "docs/keras.md has the initializer table markers");
        Map<String, String> aliasToClass = new LinkedHashMap<>();
        for (String line : table.substring(from, to).split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[2].contains("`")) { // header and separator rows
                continue;
            }
            Matcher className = CODE.matcher(cells[2]);
            assertTrue(className.find(), "row names a class: " + line);
            Matcher alias = CODE.matcher(cells[1]);
            while (alias.find()) {
                aliasToClass.put(alias.group(1), className.group(1));
            }
        }
        return aliasToClass;
    }

    /**
     * The spread of each class's defaults on a (256, 128) kernel, written out from Keras 3's
     * formulas (keras/src/initializers/random_initializers.py, constant_initializers.py): fan_in
     * 256, fan_out 128; variance scaling std = sqrt(scale / n); TruncatedNormal(0.05) keeps
     * |x| < 2 sigma, std 0.05 * 0.87962566 (the truncated unit normal's std); uniform on [-a, a] has
     * std a / sqrt(3); Orthogonal's entries have RMS 1 / sqrt(max(rows, cols)); Identity is 128 ones
     * among 32768 entries, sd sqrt(p (1 - p)).
     */
    private static final Map<String, Double> SPREAD_256_BY_128 = Map.ofEntries(
            Map.entry("RandomNormal", 0.05),
            Map.entry("RandomUniform", 0.05 / Math.sqrt(3)),
            Map.entry("TruncatedNormal", 0.05 * 0.87962566103423978),
            Map.entry("VarianceScaling", Math.sqrt(1.0 / 256)),
            Map.entry("GlorotNormal", Math.sqrt(2.0 / (256 + 128))),
            Map.entry("GlorotUniform", Math.sqrt(2.0 / (256 + 128))),
            Map.entry("HeNormal", Math.sqrt(2.0 / 256)),
            Map.entry("HeUniform", Math.sqrt(2.0 / 256)),
            Map.entry("LecunNormal", Math.sqrt(1.0 / 256)),
            Map.entry("LecunUniform", Math.sqrt(1.0 / 256)),
            Map.entry("Orthogonal", 1 / Math.sqrt(256)),
            Map.entry("Identity", Math.sqrt(128.0 / 32768 * (1 - 128.0 / 32768))),
            Map.entry("Constant", 0.0),
            Map.entry("Ones", 0.0),
            Map.entry("Zeros", 0.0));

    @Test
    void everyRowResolvesAndGeneratesTheExpectedSpread() throws IOException {
        Map<String, String> table = table();
        try (CpuBackend cpu = new CpuBackend(2)) {
            for (Map.Entry<String, String> row : table.entrySet()) {
                Initializer initializer = Initializers.get(row.getKey());
                assertEquals(row.getValue(), initializer.className(), "alias " + row.getKey());
                Shape shape = row.getValue().equals("STFT") ? Shape.of(64, 1, 33) : Shape.of(256, 128);
                float[] values = initializer.generate(shape, cpu);
                assertEquals(shape.elementCount(), values.length);
                if (row.getValue().equals("STFT")) {
                    continue; // a deterministic kernel, no spread to check (HostComputedInitializersTest pins its values)
                }
                Double expected = SPREAD_256_BY_128.get(row.getValue());
                assertTrue(expected != null, "the test's table has " + row.getValue());
                DistributionCheck.Moments moments = DistributionCheck.Moments.of(values);
                double measured = row.getValue().equals("Orthogonal") ? moments.rms() : moments.sd();
                assertEquals(expected, measured, 0.02 * expected + 1e-12, "alias " + row.getKey() + " spread");
            }
        }
    }

    @Test
    void tableListsEveryAcceptedName() throws IOException {
        assertEquals(Initializers.names(), new TreeSet<>(table().keySet()));
        assertEquals(List.copyOf(new TreeSet<>(Initializers.classNames())), List.copyOf(new TreeSet<>(table().values())));
    }
}
