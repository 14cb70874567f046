package dev.weightinit.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.io.TensorWriter;
import dev.weightinit.keras.Identity;
import dev.weightinit.keras.RandomNormal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TensorTable}: the name column is as wide as the longest name and at least "tensor"; the
 * mean to 4 significant digits, the std to 6, the expected std where the initializer knows one in
 * closed form and "-" where it does not. Every row written out here, spaces counted.
 */
class TensorTableTest {
    private static String print(List<TensorWriter.Job> jobs, List<TensorWriter.TensorStats> stats) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            TensorTable.print(out, jobs, stats);
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void rowsAreAlignedAndTheExpectedStdIsShownWhereKnown() {
        List<TensorWriter.Job> jobs = List.of(
                new TensorWriter.Job("embedding", TensorSpec.of(Shape.of(4, 3), DType.FLOAT32), new RandomNormal(0, 0.5, 1)),
                new TensorWriter.Job("eye", TensorSpec.of(Shape.of(2, 2), DType.BFLOAT16), new Identity(1)));
        String table = print(jobs, List.of(new TensorWriter.TensorStats(12, 0.0123456, 0.4987654321),
                new TensorWriter.TensorStats(4, 0.5, 0.5773502691896258)));
        assertEquals("tensor     shape                 dtype     initializer              mean         std  expected std\n"
                + "embedding  (4, 3)                float32   RandomNormal          0.01235    0.498765      0.500000\n"
                + "eye        (2, 2)                bfloat16  Identity               0.5000    0.577350             -\n", table);
    }

    @Test
    void theNameColumnIsAtLeastTheHeadersWidth() {
        String table = print(List.of(new TensorWriter.Job("w", TensorSpec.of(Shape.of(1), DType.FLOAT32), new RandomNormal(0, 2, 1))),
                List.of(new TensorWriter.TensorStats(1, -1.5, 0)));
        assertEquals("tensor  shape                 dtype     initializer              mean         std  expected std\n"
                + "w       (1,)                  float32   RandomNormal           -1.500     0.00000       2.00000\n", table);
    }
}
