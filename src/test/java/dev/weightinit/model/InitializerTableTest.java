package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.keras.Initializers;
import dev.weightinit.torch.TorchInit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The initializer table files carry: every initializer of both dialects, seeded, comes back equal
 * (class, config and seed) and makes the same values; the run-length form is as written by hand;
 * malformed tables are refused naming what is wrong.
 */
@ExtendWith(CpuBackendFixture.class)
class InitializerTableTest {
    @Test
    void everyInitializerOfBothDialectsComesBackEqual(CpuBackend cpu) {
        List<Initializer> all = new ArrayList<>();
        for (String name : Initializers.classNames()) {
            all.add(Initializers.withSeed(Initializers.get(name), 77));
        }
        for (String name : TorchInit.names()) {
            if (name.endsWith("_") && !name.equals("constant_") && !name.equals("sparse_")) {
                all.add(Initializers.withSeed(TorchInit.get(name), -5));
            }
        }
        all.add(TorchInit.get(java.util.Map.of("class_name", "sparse_", "config", java.util.Map.of("sparsity", 0.5, "seed", 3))));
        all.add(TorchInit.get(java.util.Map.of("class_name", "constant_", "config", java.util.Map.of("val", 0.25))));
        InitializerTable table = InitializerTable.of(all);
        List<Initializer> back = InitializerTable.read(table.initializers(), table.entries(), all.size());
        assertEquals(all, back);
        Shape shape = Shape.of(6, 6);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).className().equals("STFT") || all.get(i).className().equals("dirac_")) {
                continue; // shape rules of their own; equality above covers their configs
            }
            assertTrue(java.util.Arrays.equals(all.get(i).generate(shape, cpu),
                    back.get(i).generate(shape, cpu)), all.get(i).className());
        }
    }

    @Test
    void runsAreWrittenAsIndexAndCount() {
        Initializer a = Initializers.withSeed(Initializers.get("he_normal"), 1);
        Initializer b = Initializers.get("zeros");
        List<Initializer> tensors = new ArrayList<>(List.of(a, b, b, b, a));
        tensors.addAll(Collections.nCopies(1000, b));
        InitializerTable table = InitializerTable.of(tensors);
        assertEquals("0,1x3,0,1x1000", table.entries());
        assertEquals(2, table.initializers().split("\"class_name\"").length - 1, table.initializers());
        assertEquals(tensors, InitializerTable.read(table.initializers(), table.entries(), tensors.size()));
        assertEquals("", InitializerTable.of(List.of()).entries());
    }

    @Test
    void malformedTablesAreRefusedByWhatIsWrong() {
        String one = InitializerTable.of(List.of(Initializers.get("zeros"))).initializers();
        assertEquals("tensor initializers name 2 tensors, the file has 3", message(one, "0x2", 3));
        assertEquals("tensor initializers '1' do not fit a table of 1 initializers and 1 tensors", message(one, "1", 1));
        assertEquals("tensor initializers '0x5' do not fit a table of 1 initializers and 2 tensors", message(one, "0x5", 2));
        assertEquals("tensor initializers 'zero' are not runs of INDEX or INDEXxCOUNT", message(one, "zero", 1));
        assertTrue(message("[1]", "0", 1).startsWith("initializer 0 of the table is not a config object"));
        assertTrue(message("{", "0", 1).startsWith("the initializer table is not valid JSON"));
        assertTrue(message("[{\"class_name\": \"NoSuch\"}]", "0", 1).startsWith("initializer 0 of the table: initializer 'NoSuch'"));
    }

    private static String message(String initializers, String entries, int tensors) {
        return assertThrows(IllegalArgumentException.class, () -> InitializerTable.read(initializers, entries, tensors)).getMessage();
    }
}
