package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link KerasModels}: a model config walked through lists, wrappers and nested configs. */
@ExtendWith(CpuBackendFixture.class)
class KerasModelsTest {
    private final CpuBackend cpu;

    KerasModelsTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    private static void assertWindow(String name, int length, boolean periodic, double... expected) {
        double[] actual = Windows.get(name, length, periodic);
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-15, name + "(" + length + ", periodic " + periodic + ")[" + i + "]");
        }
    }

    /** Layers are found at any depth: in lists of layers and in layers held by a layer's config (a wrapper's "layer"). */
    @Test
    void modelsAreWalkedThroughListsAndNestedConfigs() {
        Map<String, Object> inner = Map.of("class_name", "Dense", "config", Map.of("name", "inner", "kernel_initializer", "zeros"));
        Map<String, Object> wrapper = Map.of("class_name", "TimeDistributed", "config", Map.of("name", "wrap", "layer", inner));
        Map<String, Object> dense = Map.of("class_name", "Dense", "config", Map.of("name", "d", "kernel_initializer",
                Map.of("class_name", "Ones", "config", Map.of()), "bias_initializer", "zeros"));
        Map<String, Object> model = Map.of("module", "keras", "class_name", "Functional", "config", Map.of("name", "m", "layers",
                List.of(dense, wrapper)));
        KerasModels.ModelInitializers read = KerasModels.read(model);
        assertEquals(KerasDialect.KERAS3, read.dialect());
        assertEquals(List.of("d kernel_initializer Ones", "d bias_initializer Zeros", "inner kernel_initializer Zeros"),
                read.initializers().stream().map(l -> l.layer() + " " + l.argument() + " " + l.initializer().className()).sorted(
                        java.util.Comparator.comparing((String text) -> !text.startsWith("d ")).thenComparing(text -> !text.contains("kernel"))
                ).toList());
    }

    private static Map<String, Object> withModule(Map<String, Object> serialized) {
        Map<String, Object> copy = new HashMap<>(serialized);
        copy.put("module", "keras.initializers");
        return copy;
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
