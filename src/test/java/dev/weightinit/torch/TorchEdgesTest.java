package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.CpuBackendFixture;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
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

/**
 * The torch dialect at its edges, every expected value written out or taken from an independent
 * reference: the registry's names and config forms, module defaults role by role, zero-element
 * tensors (torch's "Initializing zero-element tensors is a no-op"), {@code padding_idx} at both
 * ends, {@code sparse_}'s mask against the stream spec's NumPy reference, and the dtype range check
 * of the host-computed functions.
 */
@ExtendWith(CpuBackendFixture.class)
class TorchEdgesTest {
    private final CpuBackend cpu;

    TorchEdgesTest(CpuBackend cpu) {
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

    @Test
    void gainsAreTorchsWrittenOut() {
        assertEquals(1.0, TorchGain.calculateGain("linear", null));
        assertEquals(1.0, TorchGain.calculateGain("conv_transpose3d", null));
        assertEquals(1.0, TorchGain.calculateGain("sigmoid", null));
        assertEquals(5.0 / 3, TorchGain.calculateGain("tanh", null));
        assertEquals(1.4142135623730951, TorchGain.calculateGain("relu", null));
        assertEquals(0.75, TorchGain.calculateGain("selu", null));
        assertEquals(1.4141428569978354, TorchGain.calculateGain("leaky_relu", null), "slope 0.01 when none is given");
        assertEquals(1.0, TorchGain.calculateGain("leaky_relu", 1.0));
        assertEquals(0.5773502691896257, TorchGain.calculateGain("leaky_relu", Math.sqrt(5)), "torch's Linear default: sqrt(1/3)");
        assertEquals("unsupported nonlinearity 'null': expected one of " + TorchGain.NONLINEARITIES,
                message(() -> TorchGain.calculateGain(null, null)));
        assertEquals("negative_slope NaN is not a valid number", message(() -> TorchGain.calculateGain("leaky_relu", Double.NaN)));
    }

    @Test
    void moduleDefaultsRoleByRole() {
        Initializer weight = TorchModules.initializer("torch.nn.Linear", "fc.weight", Shape.of(3, 7), null);
        assertEquals("kaiming_uniform_", weight.className());
        assertEquals(Math.sqrt(5), ((Number) weight.getConfig().get("a")).doubleValue());
        assertEquals("fan_in", weight.getConfig().get("mode"));
        assertEquals("leaky_relu", weight.getConfig().get("nonlinearity"));
        assertEquals("kaiming_uniform_", TorchModules.initializer("torch.nn.ConvTranspose2d", "up.weight", Shape.of(4, 2, 3, 3), null)
                .className());
        // torch.nn.Linear.reset_parameters: bound = 1 / sqrt(fan_in); Conv: fan_in = in_channels/groups * prod(kernel).
        assertUniform(1 / Math.sqrt(7), TorchModules.initializer("torch.nn.Linear", "fc.bias", Shape.of(3, 7), null));
        assertUniform(1 / Math.sqrt(75), TorchModules.initializer("torch.nn.Conv2d", "conv.bias", Shape.of(4, 3, 5, 5), null));
        assertUniform(0, TorchModules.initializer("torch.nn.Linear", "fc.bias", Shape.of(3, 0), null));
        assertEquals("fc.bias: the bias of torch.nn.Linear takes its bound from its weight; no weight was found (name it NAME.weight, "
                + "or say \"module_weight\" in the spec)", message(() -> TorchModules.initializer("torch.nn.Linear", "fc.bias", null, null)));
        assertEquals("fc.scale: torch.nn.Linear has tensors weight, bias, not scale",
                message(() -> TorchModules.initializer("torch.nn.Linear", "fc.scale", Shape.of(3, 7), null)));
        assertEquals("wte.bias: torch.nn.Embedding has tensors weight, not bias",
                message(() -> TorchModules.initializer("torch.nn.Embedding", "wte.bias", Shape.of(3, 7), null)));
        Initializer embedding = TorchModules.initializer("torch.nn.Embedding", "wte.weight", Shape.of(3, 7), 2L);
        assertEquals("torch.nn.Embedding", embedding.className());
        assertEquals(2L, ((Number) embedding.getConfig().get("padding_idx")).longValue());
        for (String module : List.of("torch.nn.LayerNorm", "torch.nn.GroupNorm", "torch.nn.BatchNorm2d")) {
            assertEquals("ones_", TorchModules.initializer(module, "n.weight", null, null).className(), module);
            assertEquals("zeros_", TorchModules.initializer(module, "n.bias", null, null).className(), module);
        }
        assertEquals("ones_", TorchModules.initializer("torch.nn.BatchNorm1d", "bn.running_var", null, null).className());
        assertEquals("zeros_", TorchModules.initializer("torch.nn.BatchNorm1d", "bn.running_mean", null, null).className());
        assertEquals("zeros_", TorchModules.initializer("torch.nn.BatchNorm3d", "bn.num_batches_tracked", null, null).className());
        assertEquals("bn.gamma: torch.nn.BatchNorm2d has tensors weight, bias, running_mean, running_var, num_batches_tracked, not gamma",
                message(() -> TorchModules.initializer("torch.nn.BatchNorm2d", "bn.gamma", null, null)));
        assertEquals("ln.gamma: torch.nn.LayerNorm has tensors weight, bias, not gamma",
                message(() -> TorchModules.initializer("torch.nn.LayerNorm", "ln.gamma", null, null)));
        assertEquals("x: torch.nn.LayerNorm has tensors weight, bias, not x",
                message(() -> TorchModules.initializer("torch.nn.LayerNorm", "x", null, null)), "a name without a dot");
        assertTrue(message(() -> TorchModules.initializer("torch.nn.LSTM", "l.weight", null, null)).startsWith(
                "module 'torch.nn.LSTM' is not known: expected one of [torch.nn.Linear, "));
        assertEquals("ones_", TorchModules.initializer("torch.nn.LayerNorm", "weight", "ln.w", null, null).className(), "role given");

        assertEquals(DType.INT64, TorchModules.dtypeOf("bn1.num_batches_tracked"));
        assertEquals(DType.INT64, TorchModules.dtypeOf("num_batches_tracked"));
        assertNull(TorchModules.dtypeOf("bn1.running_mean"));
        assertNull(TorchModules.dtypeOf("bn1.my_num_batches_tracked"));
        assertTrue(TorchModules.isBuffer("bn.running_mean") && TorchModules.isBuffer("running_var") && !TorchModules.isBuffer("bn.weight"));
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

    @Test
    void embeddingZeroesThePaddingRowFromEitherEndAndIsTorchsNormalElsewhere() {
        Shape shape = Shape.of(5, 6);
        float[] normal = new Normal(0, 1, 11).generate(shape, cpu);
        assertEquals(1.0, new Embedding(null, 11L).expectedStddev(shape).getAsDouble());
        assertArrayEquals(normal, new Embedding(null, 11L).generate(shape, cpu), "no padding_idx: N(0, 1)");
        for (long padding : new long[] {0, 2, 3, 4, -1, -5}) { // 3: the row right after the piece below
            long row = padding < 0 ? padding + 5 : padding;
            float[] values = new Embedding(padding, 11L).generate(shape, cpu);
            for (int i = 0; i < values.length; i++) {
                assertEquals(i / 6 == row ? 0.0f : normal[i], values[i], "padding_idx " + padding + ", element " + i);
            }
            // A piece that starts inside a row: the same values at the same places.
            ByteBuffer piece = ByteBuffer.allocate(4 * 13).order(ByteOrder.LITTLE_ENDIAN);
            new Embedding(padding, 11L).fill(TensorSpec.of(shape, DType.FLOAT32), 9, piece, cpu);
            float[] pieceValues = new float[13];
            piece.asFloatBuffer().get(pieceValues);
            assertArrayEquals(java.util.Arrays.copyOfRange(values, 9, 22), pieceValues, "padding_idx " + padding + ", elements 9..21");
        }
        assertEquals("torch.nn.Embedding padding_idx 5 must be within num_embeddings 5 (from -5)",
                message(() -> new Embedding(5L, 1L).generate(shape, cpu)));
        assertEquals("torch.nn.Embedding padding_idx -6 must be within num_embeddings 5 (from -5)",
                message(() -> new Embedding(-6L, 1L).generate(shape, cpu)));
        assertEquals("torch.nn.Embedding weights are (num_embeddings, embedding_dim), not (2, 3, 4)",
                message(() -> new Embedding(null, 1L).generate(Shape.of(2, 3, 4), cpu)));
        assertTrue(message(() -> new Embedding(null, 1L).generate(Shape.of(6), cpu)).startsWith(
                "torch.nn.Embedding weights are (num_embeddings, embedding_dim), not "));
    }

    /** Stream spec §5: in column j the ceil(sparsity·rows) rows of smallest mask word are 0; the reference is NumPy's. */
    @Test
    void sparseZeroesTheRowsTheStreamSpecNames() throws Exception {
        int rows = 9;
        int cols = 7;
        String code = "import sys, math; sys.path.insert(0, 'kernels'); import numpy as np; import stream_reference as r; "
                + "rows, cols = " + rows + ", " + cols + "; stream = r.stream_of('layer.weight'); "
                + "z = np.frombuffer(r.tensor_bytes(21, stream, 'normal', 0.0, 0.5, 'float32', 0, rows * cols), '<f4').reshape(rows, cols).copy(); "
                + "w = np.frombuffer(r.tensor_bytes(21, stream ^ 0x9E3779B97F4A7C15, 'raw', 0, 0, 'uint32', 0, rows * cols), '<u4')"
                + ".reshape(rows, cols); "
                + "k = math.ceil(0.4 * rows)\n"
                + "for j in range(cols):\n"
                + "    for rr in sorted(range(rows), key=lambda q: (int(w[q, j]), q))[:k]: z[rr, j] = 0\n"
                + "sys.stdout.write(z.astype('<f4').tobytes().hex())";
        String expected = dev.weightinit.Python.run("-c", code).strip();
        ByteBuffer bytes = ByteBuffer.allocate(4 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
        new Sparse(0.4, 0.5, 21).fill(TensorSpec.named("layer.weight", Shape.of(rows, cols), DType.FLOAT32), 0, bytes, cpu);
        assertEquals(expected, java.util.HexFormat.of().formatHex(bytes.array()));
        float[] values = new Sparse(0.4, 0.5, 21).generate(Shape.of(rows, cols), cpu);
        int zeros = 0;
        for (float v : values) {
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(4 * cols, zeros, "ceil(0.4 * 9) = 4 per column");
        assertEquals("sparse_ shape (16384, 8193) has more than 2^27 elements: its mask is made on the host",
                message(() -> new Sparse(0.1, 0.01, 1).generate(Shape.of(16384, 8193), cpu)));
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

    private static void assertUniform(double bound, Initializer initializer) {
        assertEquals("uniform_", initializer.className());
        assertTrue(((Number) initializer.getConfig().get("a")).doubleValue() == -bound, initializer.getConfig().toString());
        assertTrue(((Number) initializer.getConfig().get("b")).doubleValue() == bound, initializer.getConfig().toString());
        ElementwiseInitializer uniform = (ElementwiseInitializer) initializer;
        FillSpec spec = uniform.fillSpec(TensorSpec.of(Shape.of(3), DType.FLOAT32));
        assertEquals(Distribution.UNIFORM, spec.distribution());
        assertEquals((float) (2 * bound), spec.scale());
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
