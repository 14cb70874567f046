package dev.weightinit.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
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
}
