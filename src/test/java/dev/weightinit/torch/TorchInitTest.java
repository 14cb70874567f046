package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.FillSpec;
import dev.weightinit.keras.HeNormal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TorchInit}: torch's names with and without the trailing underscore, config forms as torch writes them and bad ones named, zero-element tensors (torch's "Initializing zero-element tensors is a no-op"), and the dtype range check of the host-computed functions; every expected value written out. */
@ExtendWith(CpuBackendFixture.class)
class TorchInitTest {
    private final CpuBackend cpu;

    TorchInitTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void namesAreTorchsWithAndWithoutTheTrailingUnderscore() {
        List<String> functions = List.of("uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_", "eye_", "dirac_",
                "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_", "orthogonal_", "sparse_");
        Set<String> expected = new TreeSet<>();
        for (String f : functions) {
            expected.add(f);
            expected.add(f.substring(0, f.length() - 1));
        }
        expected.add("torch.nn.Embedding");
        functions = new java.util.ArrayList<>(functions);
        functions.add("torch.nn.Embedding");
        assertEquals(expected, TorchInit.names());
        assertEquals(functions, TorchInit.declarations().stream().map(d -> d.className()).toList());
        assertTrue(TorchInit.knows("ones") && TorchInit.knows("ones_") && !TorchInit.knows("Ones") && !TorchInit.knows("he_normal"));
        assertEquals("ones_", TorchInit.get("ones").className());
        assertEquals("zeros_", TorchInit.get("zeros_").className());
        assertEquals(new Normal(2, 3, 4), TorchInit.get(Map.of("class_name", "normal", "config", Map.of("mean", 2, "std", 3, "seed", 4))));
    }

    @Test
    void configFormsAreReadAsTorchWritesThemAndBadOnesAreNamed() {
        assertEquals(new Uniform(-2, 5, 3), TorchInit.deserialize(Map.of("module", "torch.nn.init", "class_name", "uniform_",
                "config", Map.of("a", -2, "b", 5, "seed", 3))));
        assertEquals(new Uniform(-2, 5, 3), TorchInit.deserialize(Map.of("class_name", "uniform_", "config", Map.of("a", -2, "b", 5,
                "seed", 3))), "module may be left out");
        Initializer defaults = TorchInit.deserialize(Map.of("class_name", "normal_"));
        assertEquals(0.0, ((Number) defaults.getConfig().get("mean")).doubleValue());
        assertEquals(1.0, ((Number) defaults.getConfig().get("std")).doubleValue(), "no config: torch's defaults");
        Map<String, Object> nullConfig = new HashMap<>(Map.of("class_name", "ones_"));
        nullConfig.put("config", null);
        assertEquals("ones_", TorchInit.deserialize(nullConfig).className());

        assertEquals("initializer module 'keras.initializers' is not torch.nn.init", message(() -> TorchInit.deserialize(Map.of(
                "module", "keras.initializers", "class_name", "uniform_"))));
        assertEquals("torch initializer config {config={}} has no class_name string", message(() -> TorchInit.deserialize(Map.of(
                "config", Map.of()))));
        assertEquals("torch initializer config {class_name=7} has no class_name string", message(() -> TorchInit.deserialize(Map.of(
                "class_name", 7))));
        assertEquals("torch initializer uniform_ has config [1, 2]: expected an object", message(() -> TorchInit.deserialize(Map.of(
                "class_name", "uniform_", "config", List.of(1, 2)))));
        assertTrue(message(() -> TorchInit.fromConfig("he_normal", Map.of())).startsWith(
                "torch initializer 'he_normal' is not known: expected one of [constant, constant_, dirac, dirac_, "), "names listed");
        assertEquals("torch initializer 42: expected a torch.nn.init function name or config", message(() -> TorchInit.get(42)));
        assertEquals("HeNormal is not a torch initializer", message(() -> TorchInit.serialize(new HeNormal(1L))));
        Map<String, Object> serialized = TorchInit.serialize(new Uniform(-2, 5, 3));
        assertEquals(List.of("module", "class_name", "config"), List.copyOf(serialized.keySet()));
        assertEquals("uniform_", serialized.get("class_name"));
    }

    /** A config that contains itself (a JSON reader cannot make one, a Java caller can) is refused before it is read. */
    @Test
    void aConfigThatContainsItselfIsRefused() {
        Map<String, Object> outer = new HashMap<>(Map.of("class_name", "ones_"));
        outer.put("self", outer);
        assertEquals("torch initializer config contains itself", message(() -> TorchInit.deserialize(outer)));
        Map<String, Object> config = new HashMap<>(Map.of("a", 0));
        config.put("self", List.of(config));
        assertEquals("torch initializer config contains itself", message(() -> TorchInit.fromConfig("uniform_", config)));
    }

    /** torch's fan functions return early on a zero-element tensor; the fill is a constant, never an infinite scale. */
    @Test
    void zeroElementTensorsAreANoOp() {
        List<ElementwiseInitializer> fans = List.of(new KaimingNormal(0, "fan_in", "relu", 1), new KaimingUniform(0, "fan_in", "relu", 1),
                new XavierNormal(1, 1), new XavierUniform(1, 1), new KaimingNormal(0, "fan_out", "relu", 1));
        for (ElementwiseInitializer initializer : fans) {
            for (Shape shape : List.of(Shape.of(4, 0), Shape.of(0, 4), Shape.of(0, 0), Shape.of(2, 0, 3))) {
                FillSpec spec = initializer.fillSpec(TensorSpec.of(shape, DType.FLOAT32));
                assertEquals(0f, spec.scale(), initializer + " " + shape);
                assertEquals(0f, spec.offset(), initializer + " " + shape);
                assertEquals(0, initializer.generate(shape, cpu).length);
            }
        }
        assertEquals(0, new Sparse(0.5, 0.01, 1).generate(Shape.of(0, 5), cpu).length);
        assertEquals(0, new Sparse(0.5, 0.01, 1).generate(Shape.of(5, 0), cpu).length);
        assertEquals(0, new Embedding(null, 1L).generate(Shape.of(0, 5), cpu).length);
        assertEquals(0, new Orthogonal(1.0, 1).generate(Shape.of(0, 5), cpu).length, "no rows: nothing to orthogonalise");
        assertEquals("dirac_: only tensors with 3, 4, or 5 dimensions are supported, not (1, 1, 1, 1, 1, 1)",
                message(() -> new Dirac().generate(Shape.of(1, 1, 1, 1, 1, 1), cpu)));
    }

    /** A host-computed function refuses a dtype its largest value does not fit (float16: 65504). */
    @Test
    void hostComputedValuesMustFitTheDtype() {
        TensorSpec half = TensorSpec.of(Shape.of(4, 4), DType.FLOAT16);
        ByteBuffer bytes = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(message(() -> new Embedding(null, 1e5).fill(half, 0, bytes, cpu)).contains(
                "writes values up to 578000.0 into (4, 4): beyond what float16 holds (65504.0)"));
        new Embedding(null, 1e4).fill(half, 0, bytes, cpu); // 5.78 * 1e4 = 57800 fits
        assertTrue(message(() -> new Sparse(0.5, 1e5, 1).fill(half, 0, bytes, cpu)).contains("writes values up to 578000.0"));
        new Sparse(0.5, 1e4, 1).fill(half, 0, bytes, cpu);
        assertTrue(message(() -> new Orthogonal(-70000.0, 1).fill(half, 0, bytes, cpu)).contains("writes values up to 70000.0"));
        new Orthogonal(-60000.0, 1).fill(half, 0, bytes, cpu);
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(16)).isEmpty(), "no QR for a vector");
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of()).isEmpty(), "nor for a scalar");
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(64, 64)).isEmpty(), "a 64 x 64 QR is quick");
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(2048, 2048)).orElseThrow().contains("2048 x 2048"));
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(0, 2048)).isEmpty());
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
