package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.cpu.CpuBackend;
import dev.weightinit.backend.opencl.OpenClBackend;
import dev.weightinit.backend.opencl.OpenClTestDevices;
import dev.weightinit.core.ElementwiseInitializer;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.core.TensorSpec;
import dev.weightinit.engine.DType;
import dev.weightinit.engine.Distribution;
import dev.weightinit.engine.FillSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch dialect against PyTorch itself: torch's own {@code _calculate_correct_fan},
 * {@code _calculate_fan_in_and_fan_out} and {@code calculate_gain} (run by
 * {@code src/test/resources/torch_check.py} under Debian's python3-torch 1.13) give the bound or
 * std each function must have on conv and linear shapes; {@code eye_} and {@code dirac_} equal
 * torch's output exactly; and errors come where torch raises.
 */
class TorchDialectTest {
    /** Debian's own interpreter: python3-torch is installed there, not in another python on the PATH. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    private static CpuBackend cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuBackend(2);
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    /** Runs torch_check.py, or skips (fails under CI=true) without torch. */
    static JsonNode torch(String... args) throws Exception {
        Path script = Path.of(TorchDialectTest.class.getResource("/torch_check.py").toURI());
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        command.addAll(List.of(args));
        Process python;
        try {
            python = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            missingTorch(e.getMessage());
            return null;
        }
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(300, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            fail("torch_check.py did not finish");
        }
        if (output.contains("No module named 'torch") || output.contains("No module named 'numpy'")) {
            missingTorch(output);
        }
        assertEquals(0, python.exitValue(), output);
        return new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElse(""));
    }

    private static void missingTorch(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true requires Debian's python3-torch and python3-torchvision (.ci/test installs them): " + why);
        }
        Assumptions.abort("no PyTorch in /usr/bin/python3: " + why);
    }

    private static final Shape CONV = Shape.of(64, 3, 7, 7);
    private static final Shape LINEAR = Shape.of(300, 784);

    @org.junit.jupiter.api.Tag("client")
    @Test
    void boundsAndStdsAreTorchsOnConvAndLinearShapes() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Initializer> ours = new ArrayList<>();
        for (Shape shape : List.of(CONV, LINEAR, Shape.of(16, 8, 3))) {
            for (String mode : List.of("fan_in", "fan_out")) {
                for (String nl : List.of("relu", "leaky_relu", "tanh", "linear", "selu")) {
                    for (double a : new double[] {0, 0.2, Math.sqrt(5)}) {
                        Map<String, Object> config = Map.of("a", a, "mode", mode, "nonlinearity", nl);
                        cases.add(Map.of("fn", "kaiming_normal_", "config", config, "shape", dims(shape.dims())));
                        ours.add(new KaimingNormal(a, mode, nl, 1));
                        cases.add(Map.of("fn", "kaiming_uniform_", "config", config, "shape", dims(shape.dims())));
                        ours.add(new KaimingUniform(a, mode, nl, 1));
                    }
                }
            }
            for (double gain : new double[] {1, 0.5, Math.sqrt(2)}) {
                cases.add(Map.of("fn", "xavier_uniform_", "config", Map.of("gain", gain), "shape", dims(shape.dims())));
                ours.add(new XavierUniform(gain, 2));
                cases.add(Map.of("fn", "xavier_normal_", "config", Map.of("gain", gain), "shape", dims(shape.dims())));
                ours.add(new XavierNormal(gain, 2));
            }
        }
        Path file = dir.resolve("cases.json");
        new ObjectMapper().writeValue(file.toFile(), cases);
        JsonNode expected = torch("expect", file.toString());
        assertEquals(cases.size(), expected.size());
        for (int i = 0; i < cases.size(); i++) {
            JsonNode torch = expected.get(i);
            Shape shape = Shape.of(toLongs(torch.get("shape")));
            FillSpec spec = ((ElementwiseInitializer) ours.get(i)).fillSpec(TensorSpec.of(shape, DType.FLOAT32));
            String fn = torch.get("fn").asText();
            if (fn.endsWith("uniform_")) {
                assertEquals(Distribution.UNIFORM, spec.distribution());
                float bound = (float) torch.get("bound").asDouble();
                assertEquals(-bound, spec.offset(), Math.ulp(bound), torch.toString());
                assertEquals((float) (2 * torch.get("bound").asDouble()), spec.scale(), 2 * Math.ulp(bound), torch.toString());
            } else {
                assertEquals(Distribution.NORMAL, spec.distribution());
                assertEquals((float) torch.get("std").asDouble(), spec.scale(), 0f, torch.toString());
                assertEquals(0f, spec.offset());
            }
        }
    }

    @org.junit.jupiter.api.Tag("client")
    @Test
    void gainsAreTorchsForEveryNonlinearity() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        for (String nl : TorchGain.NONLINEARITIES) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("nonlinearity", nl);
            cases.add(Map.of("fn", "calculate_gain", "config", config, "shape", List.of()));
            ours.add(TorchGain.calculateGain(nl, null));
        }
        cases.add(Map.of("fn", "calculate_gain", "config", Map.of("nonlinearity", "leaky_relu", "param", 0.3), "shape", List.of()));
        ours.add(TorchGain.calculateGain("leaky_relu", 0.3));
        Path file = dir.resolve("gains.json");
        new ObjectMapper().writeValue(file.toFile(), cases);
        JsonNode expected = torch("expect", file.toString());
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(expected.get(i).get("gain").asDouble(), ours.get(i), 1e-15, expected.get(i).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> TorchGain.calculateGain("swish", null));
    }

    @org.junit.jupiter.api.Tag("client")
    @Test
    void eyeAndDiracEqualTorchsOutputExactly() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Initializer> ours = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (long[] dims : new long[][] {{5, 7}, {7, 5}, {4, 4}}) {
            cases.add(Map.of("fn", "eye_", "shape", dims(dims)));
            ours.add(new Eye());
            shapes.add(Shape.of(dims));
        }
        for (Object[] c : new Object[][] {{new long[] {6, 3, 5}, 1L}, {new long[] {8, 4, 3, 3}, 2L}, {new long[] {4, 6, 3, 2, 3}, 1L},
            {new long[] {6, 2, 4, 4}, 3L}}) {
            long[] dims = (long[]) c[0];
            cases.add(Map.of("fn", "dirac_", "config", Map.of("groups", c[1]), "shape", dims(dims)));
            ours.add(new Dirac((Long) c[1]));
            shapes.add(Shape.of(dims));
        }
        Path file = dir.resolve("eye.json");
        new ObjectMapper().writeValue(file.toFile(), cases);
        JsonNode expected = torch("expect", file.toString());
        for (int i = 0; i < cases.size(); i++) {
            float[] values = ours.get(i).generate(shapes.get(i), cpu);
            JsonNode torch = expected.get(i).get("values");
            assertEquals(torch.size(), values.length);
            for (int k = 0; k < values.length; k++) {
                assertEquals((float) torch.get(k).asDouble(), values[k], 0f, expected.get(i).get("fn") + " " + shapes.get(i) + " @" + k);
            }
        }
    }

    @org.junit.jupiter.api.Tag("client")
    @Test
    void moduleDefaultsAreTorchsLinearAndConvInit() throws Exception {
        List<Map<String, Object>> cases = List.of(Map.of("fn", "linear_default", "shape", List.of(300, 784)),
                Map.of("fn", "linear_default", "shape", List.of(64, 3, 7, 7)));
        Path file = dir.resolve("modules.json");
        new ObjectMapper().writeValue(file.toFile(), cases);
        JsonNode expected = torch("expect", file.toString());
        for (int i = 0; i < cases.size(); i++) {
            Shape weight = Shape.of(toLongs(expected.get(i).get("shape")));
            String module = weight.rank() == 2 ? "torch.nn.Linear" : "torch.nn.Conv2d";
            FillSpec w = ((ElementwiseInitializer) TorchModules.initializer(module, "m.weight", null, null))
                    .fillSpec(TensorSpec.of(weight, DType.FLOAT32));
            FillSpec b = ((ElementwiseInitializer) TorchModules.initializer(module, "m.bias", weight, null))
                    .fillSpec(TensorSpec.of(Shape.of(weight.dim(0)), DType.FLOAT32));
            float weightBound = (float) expected.get(i).get("weight_bound").asDouble();
            float biasBound = (float) expected.get(i).get("bias_bound").asDouble();
            assertEquals(-weightBound, w.offset(), Math.ulp(weightBound));
            assertEquals(-biasBound, b.offset(), Math.ulp(biasBound));
            assertEquals(2 * biasBound, b.scale(), 2 * Math.ulp(biasBound));
        }
    }

    /** The resnet50 preset is torchvision's state_dict: 320 entries, its order and dtypes, loaded with strict=True. */
    @org.junit.jupiter.api.Tag("client")
    @Test
    void resnet50LoadsIntoTorchvisionStrictly() throws Exception {
        Path out = dir.resolve("resnet50.safetensors");
        assertEquals(0, dev.weightinit.cli.CliProbe.init("--preset", "resnet50", "--seed", "1", "--device", "cpu", "--progress", "none",
                "--no-summary", "--out", out.toString()));
        JsonNode result = torch("resnet50", out.toString());
        assertEquals(320, result.get("entries").asInt(), result.toString());
        assertEquals(320, result.get("torch_entries").asInt());
        assertTrue(result.get("same_order").asBoolean(), result.toString());
        assertEquals(0, result.get("missing").size() + result.get("unexpected").size() + result.get("mismatched").size(),
                result.toString());
        assertTrue(result.get("loaded").asBoolean());
        assertEquals(25_557_032, result.get("parameters").asLong());
        // kaiming_normal_(fan_out, relu) on (64, 3, 7, 7): sqrt(2 / 3136) = 0.02525; 9408 samples: 4 sigma of the sd's error is 3%.
        assertEquals(Math.sqrt(2.0 / 3136), result.get("conv1_std").asDouble(), 0.03 * Math.sqrt(2.0 / 3136));
        assertEquals(0, result.get("bn_tracked").asInt());
    }

    @Test
    void errorsComeWhereTorchRaises() {
        assertRejected(() -> new KaimingNormal().generate(Shape.of(10), cpu), "fewer than 2 dimensions");
        assertRejected(() -> new XavierUniform().generate(Shape.of(), cpu), "fewer than 2 dimensions");
        assertRejected(() -> new Eye().generate(Shape.of(2, 2, 2), cpu), "only tensors with 2 dimensions");
        assertRejected(() -> new Dirac().generate(Shape.of(4, 4), cpu), "3, 4, or 5 dimensions");
        assertRejected(() -> new Dirac(3).generate(Shape.of(4, 2, 3), cpu), "divisible by groups");
        assertRejected(() -> new Sparse(0.5, 0.01).generate(Shape.of(4, 4, 4), cpu), "only tensors with 2 dimensions");
        assertRejected(() -> new Orthogonal().generate(Shape.of(5), cpu), "2 or more dimensions");
        assertRejected(() -> new KaimingUniform(0, "fan_sideways", "relu"), "fan_in or fan_out");
        assertRejected(() -> new KaimingUniform(0, "fan_in", "swish"), "nonlinearity");
        assertRejected(() -> TorchInit.get("constant_"), "needs argument val");
        assertRejected(() -> new TruncNormal(0, 1, 3, -1), "a must be below b");
        assertRejected(() -> new Uniform(1, 0), "a <= b");
    }

    @Test
    void truncNormalIsExactInItsTwoV1Forms() {
        FillSpec twoSigma = new TruncNormal(0.5, 0.25, 0.0, 1.0, 1).fillSpec(TensorSpec.of(Shape.of(8), DType.FLOAT32));
        assertEquals(Distribution.TRUNCATED_NORMAL, twoSigma.distribution());
        FillSpec wide = new TruncNormal(0, 0.02, -2, 2, 1).fillSpec(TensorSpec.of(Shape.of(8), DType.FLOAT32));
        assertEquals(Distribution.NORMAL, wide.distribution());
        float[] values = new TruncNormal(0, 0.02, -2, 2, 1).generate(Shape.of(100_000), cpu);
        for (float v : values) {
            assertTrue(v >= -2 && v <= 2);
        }
    }

    @Test
    void sparseHasExactlyCeilSparsityRowsZeroPerColumnAndOrthogonalIsOrthogonal() {
        float[] sparse = new Sparse(0.3, 0.01, 5).generate(Shape.of(10, 40), cpu);
        for (int j = 0; j < 40; j++) {
            int zeros = 0;
            for (int r = 0; r < 10; r++) {
                zeros += sparse[r * 40 + j] == 0 ? 1 : 0;
            }
            assertEquals(3, zeros, "column " + j + ": ceil(0.3 * 10) zeros");
        }
        // torch flattens (6, 2, 5) to (6, 10): rows are orthonormal (6 <= 10), times gain 2.
        float[] q = new Orthogonal(2.0, 9).generate(Shape.of(6, 2, 5), cpu);
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                double dot = 0;
                for (int k = 0; k < 10; k++) {
                    dot += (double) q[a * 10 + k] * q[b * 10 + k];
                }
                assertEquals(a == b ? 4.0 : 0.0, dot, 1e-5, "rows " + a + ", " + b);
            }
        }
    }

    @org.junit.jupiter.api.Tag("opencl")
    @Test
    void everyFunctionIsBitIdenticalOnBothBackendsAndItsConfigRoundTrips() {
        List<Initializer> all = List.of(new Uniform(-1, 2, 1), new Normal(0.5, 2, 2), new TruncNormal(0, 1, -2, 2, 3), new Constant(0.25),
                new Ones(), new Zeros(), new Eye(), new Dirac(2), new XavierUniform(1.5, 4), new XavierNormal(1, 5),
                new KaimingUniform(0, "fan_out", "relu", 6), new KaimingNormal(0.1, "fan_in", "leaky_relu", 7), new Orthogonal(1, 8),
                new Sparse(0.25, 0.02, 9), new Embedding(3L, 10));
        Shape shape = Shape.of(8, 4, 3);
        try (Backend device = new OpenClBackend(OpenClTestDevices.require())) {
            for (Initializer initializer : all) {
                Shape s = initializer instanceof Eye || initializer instanceof Sparse || initializer instanceof Embedding
                        ? Shape.of(12, 8) : shape;
                for (DType dtype : List.of(DType.FLOAT32, DType.BFLOAT16)) {
                    TensorSpec tensor = TensorSpec.named("layer.weight", s, dtype);
                    ByteBuffer a = ByteBuffer.allocateDirect((int) s.elementCount() * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                    ByteBuffer b = ByteBuffer.allocateDirect((int) s.elementCount() * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                    initializer.fill(tensor, 0, a, cpu);
                    initializer.fill(tensor, 0, b, device);
                    assertEquals(a, b, initializer + " " + dtype);
                }
                Map<String, Object> serialized = TorchInit.serialize(initializer);
                assertEquals("torch.nn.init", serialized.get("module"));
                assertEquals(initializer, TorchInit.deserialize(serialized), "config round trip of " + initializer.className());
            }
        }
    }

    @Test
    void int64BuffersAreConstantsOnly() {
        ByteBuffer bytes = ByteBuffer.allocate(8 * 3).order(ByteOrder.LITTLE_ENDIAN);
        new Constant(7).fill(TensorSpec.of(Shape.of(3), DType.INT64), 0, bytes, cpu);
        assertEquals(7L, bytes.getLong(16));
        assertRejected(() -> new Normal(0, 1, 1).fill(TensorSpec.of(Shape.of(3), DType.INT64), 0, ByteBuffer.allocate(24), cpu),
                "random values");
        assertRejected(() -> new Constant(2.5).fill(TensorSpec.of(Shape.of(3), DType.INT32), 0, ByteBuffer.allocate(12), cpu),
                "not 2.5");
    }

    private static void assertRejected(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static List<Long> dims(long[] dims) {
        return java.util.Arrays.stream(dims).boxed().toList();
    }

    private static long[] toLongs(JsonNode node) {
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).asLong();
        }
        return values;
    }
}
