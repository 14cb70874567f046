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

/**
 * The Keras facade at its edges, every expected value written out: SciPy's windows (printed by
 * {@code scipy.signal.get_window(name, n, fftbins=periodic)}, SciPy 1.17.1), the STFT kernel's
 * norms and limits, the registry's lookups and config forms, the Keras 2 version rule of
 * {@code keras_version}, the Orthogonal spread, and the dtype range check of the host-computed
 * initializers.
 */
@ExtendWith(CpuBackendFixture.class)
class KerasEdgesTest {
    private final CpuBackend cpu;

    KerasEdgesTest(CpuBackend cpu) {
        this.cpu = cpu;
    }

    @Test
    void windowsAreScipys() {
        assertWindow("hann", 4, false, 0.0, 0.75, 0.7500000000000002, 0.0);
        assertWindow("hann", 4, true, 0.0, 0.5, 1.0, 0.5);
        assertWindow("hann", 5, false, 0.0, 0.5, 1.0, 0.5, 0.0);
        assertWindow("hann", 5, true, 0.0, 0.34549150281252633, 0.9045084971874737, 0.9045084971874737, 0.34549150281252633);
        assertWindow("hamming", 4, false, 0.08000000000000007, 0.77, 0.7700000000000002, 0.08000000000000007);
        assertWindow("hamming", 4, true, 0.08000000000000007, 0.54, 1.0, 0.54);
        assertWindow("hamming", 5, false, 0.08000000000000007, 0.54, 1.0, 0.54, 0.08000000000000007);
        assertWindow("hamming", 5, true, 0.08000000000000007, 0.3978521825875243, 0.9121478174124759, 0.9121478174124759, 0.3978521825875243);
        assertWindow("blackman", 4, false, -1.3877787807814457e-17, 0.6299999999999999, 0.6300000000000002, -1.3877787807814457e-17);
        assertWindow("blackman", 4, true, -1.3877787807814457e-17, 0.34, 0.9999999999999999, 0.34);
        assertWindow("blackman", 5, false, -1.3877787807814457e-17, 0.34, 0.9999999999999999, 0.34, -1.3877787807814457e-17);
        assertWindow("blackman", 5, true, -1.3877787807814457e-17, 0.2007701432625305, 0.8492298567374694, 0.8492298567374694, 0.2007701432625305);
        assertWindow("bartlett", 4, false, 0.0, 0.6666666666666666, 0.6666666666666667, 0.0);
        assertWindow("bartlett", 4, true, 0.0, 0.5, 1.0, 0.5);
        assertWindow("bartlett", 5, false, 0.0, 0.5, 1.0, 0.5, 0.0);
        assertWindow("bartlett", 5, true, 0.0, 0.4, 0.8, 0.8, 0.3999999999999999);
        assertWindow("boxcar", 4, false, 1.0, 1.0, 1.0, 1.0);
        assertWindow("boxcar", 4, true, 1.0, 1.0, 1.0, 1.0);
        assertWindow("boxcar", 5, false, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertWindow("boxcar", 5, true, 1.0, 1.0, 1.0, 1.0, 1.0);
        assertWindow("triang", 4, false, 0.25, 0.75, 0.75, 0.25);
        assertWindow("triang", 4, true, 0.3333333333333333, 0.6666666666666666, 1.0, 0.6666666666666666);
        assertWindow("triang", 5, false, 0.3333333333333333, 0.6666666666666666, 1.0, 0.6666666666666666, 0.3333333333333333);
        assertWindow("triang", 5, true, 0.16666666666666666, 0.5, 0.8333333333333334, 0.8333333333333334, 0.5);
        assertWindow("cosine", 4, false, 0.3826834323650898, 0.9238795325112867, 0.9238795325112867, 0.3826834323650899);
        assertWindow("cosine", 4, true, 0.3090169943749474, 0.8090169943749475, 1.0, 0.8090169943749475);
        assertWindow("cosine", 5, false, 0.3090169943749474, 0.8090169943749475, 1.0, 0.8090169943749475, 0.3090169943749475);
        assertWindow("cosine", 5, true, 0.25881904510252074, 0.7071067811865475, 0.9659258262890682, 0.9659258262890683, 0.7071067811865476);
        assertWindow("hann", 1, true, 1.0);
        assertWindow("hann", 1, false, 1.0);
        assertWindow("hann", 0, false);
        assertWindow("triang", 2, false, 0.5, 0.5);
        assertWindow("bartlett", 2, false, 0.0, 0.0);
        assertEquals("STFT argument window is 'kaiser': expected one of " + Windows.NAMES + ", a list of numbers, or null",
                message(() -> Windows.get("kaiser", 4, false)));
    }

    private static void assertWindow(String name, int length, boolean periodic, double... expected) {
        double[] actual = Windows.get(name, length, periodic);
        assertEquals(expected.length, actual.length, name);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-15, name + "(" + length + ", periodic " + periodic + ")[" + i + "]");
        }
    }

    /** kernel[t, c, f] = trig(-2 pi t f / (2 (F - 1))) * w[t] / s, s the L2 (density) or L1 (spectrum) norm of w. */
    @Test
    void stftNormsAreTheWindowsL2AndL1() {
        List<Double> window = List.of(1.0, -3.0, 2.0, 0.5);
        double l2 = Math.sqrt(1 + 9 + 4 + 0.25);
        double l1 = 1 + 3 + 2 + 0.5;
        Shape shape = Shape.of(4, 2, 3); // F = 3: fft_length 4
        for (String side : List.of("real", "imag")) {
            for (String scaling : new String[] {"density", "spectrum", null}) {
                double s = scaling == null ? 1 : scaling.equals("density") ? l2 : l1;
                float[] values = new STFT(side, window, scaling, false).generate(shape, cpu);
                for (int t = 0; t < 4; t++) {
                    for (int c = 0; c < 2; c++) {
                        for (int f = 0; f < 3; f++) {
                            double angle = -2 * Math.PI * t * f / 4.0;
                            double expected = (side.equals("real") ? Math.cos(angle) : Math.sin(angle)) * window.get(t) / s;
                            assertEquals((float) expected, values[(t * 2 + c) * 3 + f], 1e-7, side + " " + scaling + " t" + t + " c" + c + " f" + f);
                        }
                    }
                }
            }
        }
        // A named window: hann(4) symmetric is [0, 0.75, 0.75, 0], its L2 norm sqrt(1.125).
        float[] hann = new STFT("real", "hann", "density", false).generate(Shape.of(4, 1, 2), cpu);
        assertEquals((float) (0.75 / Math.sqrt(1.125)), hann[2], 1e-7);
        assertEquals((float) (-0.75 / Math.sqrt(1.125)), hann[3], 1e-7, "cos(-pi) at t = 1, f = 1");
        assertEquals("hann", new STFT("real", "hann", "density", false).window());
        assertNull(new STFT("real", (String) null, null, false).window());
        assertEquals(window, new STFT("real", window, null, false).window());
    }

    @Test
    void stftRefusesShapesAndWindowsItCannotMake() {
        String shapes = "STFT needs a shape (frame_length, channels, fft_length // 2 + 1) with the last dimension >= 2, not ";
        assertEquals(shapes + "(4, 1, 1)", message(() -> new STFT().generate(Shape.of(4, 1, 1), cpu)));
        assertEquals(shapes + "(4, 2)", message(() -> new STFT().generate(Shape.of(4, 2), cpu)));
        assertEquals(shapes + "(4, 1, 2, 2)", message(() -> new STFT().generate(Shape.of(4, 1, 2, 2), cpu)));
        ByteBuffer four = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("STFT frame_length 16777217 of shape (16777217, 1, 2) is above 2^24: the window is computed whole on the host",
                message(() -> new STFT().fill(TensorSpec.of(Shape.of((1 << 24) + 1, 1, 2), DType.FLOAT32), 0, four, cpu)));
        new STFT("real", "boxcar", null, false).fill(TensorSpec.of(Shape.of(1 << 24, 1, 2), DType.FLOAT32), 0, four.clear(), cpu);
        assertEquals(1.0f, four.getFloat(0), "2^24 frames are allowed");
        assertEquals("STFT window has 3 values: it must have frame_length = 4",
                message(() -> new STFT("real", List.of(1, 2, 3), null, false).generate(Shape.of(4, 1, 2), cpu)));
        // The window in the 0/0 message is shown whole up to 80 characters: 16 zeros print as exactly 80.
        List<Double> sixteen = Collections.nCopies(16, 0.0);
        assertEquals(80, sixteen.toString().length());
        assertEquals("STFT window " + sixteen + " of 16 frames has spectrum norm 0.0: the kernel would be 0/0 (NaN); use a window with "
                + "a nonzero value", message(() -> new STFT("real", sixteen, "spectrum", false).generate(Shape.of(16, 1, 2), cpu)));
        assertEquals("STFT window [1.0E200, 1.0E200] of 2 frames has density norm Infinity: the kernel would be 0/0 (NaN); use a window "
                + "with a nonzero value", message(() -> new STFT("real", List.of(1e200, 1e200), "density", false).generate(Shape.of(2, 1, 2),
                cpu)), "an overflowing norm");
        List<Double> seventeen = Collections.nCopies(17, 0.0);
        assertEquals("STFT window " + seventeen.toString().substring(0, 77) + "... of 17 frames has density norm 0.0: the kernel would "
                + "be 0/0 (NaN); use a window with a nonzero value",
                message(() -> new STFT("real", seventeen, "density", false).generate(Shape.of(17, 1, 2), cpu)));
    }

    /** float16 holds up to 65504: an initializer whose values could go past it is refused before anything is written. */
    @Test
    void hostComputedValuesMustFitTheDtype() {
        TensorSpec half = TensorSpec.of(Shape.of(4, 1, 2), DType.FLOAT16);
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        List<Double> big = List.of(1.0, -70000.0, 2.0, 3.0);
        assertTrue(message(() -> new STFT("real", big, null, false).fill(half, 0, bytes, cpu)).contains(
                "writes values up to 70000.0 into (4, 1, 2): beyond what float16 holds (65504.0)"));
        new STFT("real", List.of(1.0, -60000.0, 2.0, 3.0), null, false).fill(half, 0, bytes, cpu);
        new STFT("real", List.of(70000.0, 70000.0, 70000.0, 70000.0), "spectrum", false).fill(half, 0, bytes, cpu); // scaled: at most 1
        new STFT("real", "hann", null, false).fill(half, 0, bytes, cpu);
        new STFT("real", (String) null, null, false).fill(half, 0, bytes, cpu);
        TensorSpec square = TensorSpec.of(Shape.of(4, 4), DType.FLOAT16);
        ByteBuffer squareBytes = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(message(() -> new Orthogonal(-70000.0, 1).fill(square, 0, squareBytes, cpu)).contains("writes values up to 70000.0"));
        new Orthogonal(-60000.0, 1).fill(square, 0, squareBytes, cpu);
    }

    /** Orthonormal rows or columns of a (rows, cols) matrix, Keras' flattening (cols the last dimension): RMS gain / sqrt(max). */
    @Test
    void orthogonalSpreadAndSlowWork() {
        assertTrue(new Orthogonal(2.0, 1).expectedStddev(Shape.of(5)).isEmpty());
        assertTrue(new Orthogonal(2.0, 1).expectedStddev(Shape.of()).isEmpty());
        assertEquals(2.0 / Math.sqrt(4), new Orthogonal(-2.0, 1).expectedStddev(Shape.of(3, 4)).getAsDouble(), 1e-15);
        assertEquals(2.0 / Math.sqrt(6), new Orthogonal(2.0, 1).expectedStddev(Shape.of(2, 3, 4)).getAsDouble(), 1e-15);
        assertEquals(2.0, new Orthogonal(2.0, 1).expectedStddev(Shape.of(0, 0)).getAsDouble(), "an empty matrix: max(1, 0)");
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(4096)).isEmpty());
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of()).isEmpty());
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(64, 64)).isEmpty());
        assertTrue(new Orthogonal(1.0, 1).slowWork(Shape.of(2, 1024, 2048)).orElseThrow().contains("2048 x 2048"), "rows 2 * 1024");
    }

    @Test
    void registryLookupsNameWhatIsWrong() {
        assertEquals("HeNormal", Initializers.className("he_normal"));
        assertEquals("HeNormal", Initializers.className("HeNormal"));
        assertEquals("HeNormal", Initializers.declaration("HeNormal").className());
        String unknown = "initializer 'he_normalx' is not known: names are case-sensitive; known are " + Initializers.names();
        assertEquals(unknown, message(() -> Initializers.className("he_normalx")));
        assertEquals(unknown, message(() -> Initializers.get("he_normalx")));
        assertEquals("initializer 'Nope' is not known: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.declaration("Nope")));
        assertEquals("initializer 'Nope' is not known in the KERAS2 dialect: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.get("Nope", KerasDialect.KERAS2)));
        assertNull(Initializers.get(null));
        Initializer he = new HeNormal(3L);
        assertSame(he, Initializers.get(he));
        assertEquals(he, Initializers.get(Map.of("class_name", "HeNormal", "config", Map.of("seed", 3))));
        assertEquals("Could not interpret initializer identifier: 42: expected a name, a config map or an Initializer",
                message(() -> Initializers.get(42)));
        assertEquals(HeNormal.class, Initializers.get("HeNormalV2", KerasDialect.KERAS2).getClass(), "V2 names are the same class");
        assertEquals("fan_in", ((VarianceScaling) Initializers.get("LeCunNormal", KerasDialect.TFJS)).mode(),
                "TensorFlow.js' LeCunNormal: the uncorrected legacy normal");
        assertEquals("LecunUniform", Initializers.get("leCunUniform", KerasDialect.TFJS).className());
        assertEquals("GlorotUniform", Initializers.get("glorotUniform", KerasDialect.TFJS).className());
    }

    @Test
    void configFormsAndTheirDialects() {
        assertEquals(new HeNormal(3L), Initializers.deserialize(Map.of("className", "HeNormal", "config", Map.of("seed", 3))),
                "TensorFlow.js in-memory className");
        assertEquals("initializer config {config={}} has no class_name string", message(() -> Initializers.deserialize(Map.of("config",
                Map.of()))));
        assertEquals("initializer config {class_name=5} has no class_name string", message(() -> Initializers.deserialize(Map.of(
                "class_name", 5))));
        assertEquals("initializer module 'my.pkg' is not a Keras module: custom initializers are not available in weightinit (class Mine)",
                message(() -> Initializers.deserialize(Map.of("module", "my.pkg", "class_name", "Mine"))));
        assertEquals("initializer module '7' is not a Keras module: custom initializers are not available in weightinit (class Mine)",
                message(() -> Initializers.deserialize(Map.of("module", 7, "class_name", "Mine"))));
        assertEquals("initializer module 'kerasx' is not a Keras module: custom initializers are not available in weightinit (class Zeros)",
                message(() -> Initializers.deserialize(Map.of("module", "kerasx", "class_name", "Zeros"))));
        assertEquals("Zeros", Initializers.deserialize(Map.of("module", "keras", "class_name", "Zeros")).className());
        assertEquals("Zeros", Initializers.deserialize(Map.of("module", "keras.src.initializers", "class_name", "Zeros")).className());
        assertEquals("initializer Zeros has config 3: expected an object", message(() -> Initializers.deserialize(Map.of("class_name",
                "Zeros", "config", 3))));
        assertEquals("initializer 'Nope' is not known: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.deserialize(Map.of("module", "keras.initializers", "class_name", "Nope"), null)),
                "a module means Keras 3");
        assertEquals("initializer 'Nope' is not known in the KERAS2 dialect: names are case-sensitive; known are " + Initializers.names(),
                message(() -> Initializers.deserialize(Map.of("class_name", "Nope"), null)), "no module: Keras 2");
        Map<String, Object> nullConfig = new HashMap<>(Map.of("class_name", "Ones"));
        nullConfig.put("config", null);
        assertEquals("Ones", Initializers.deserialize(nullConfig).className());

        // VarianceScaling's "normal": Keras 3 and Keras 2.2+ mean truncated_normal with the 0.8796 correction, i.e. the
        // distribution stays as written; Keras 2.0-2.1 and TensorFlow.js mean an uncorrected truncated normal of stddev
        // sqrt(scale / n), which is truncated_normal with scale * 0.87962566103423978^2.
        Map<String, Object> normal = Map.of("class_name", "VarianceScaling", "config", Map.of("scale", 2.0, "mode", "fan_in",
                "distribution", "normal", "seed", 1));
        VarianceScaling keras3 = (VarianceScaling) Initializers.deserialize(withModule(normal), null);
        assertEquals(2.0, keras3.scale());
        assertEquals("truncated_normal", keras3.distribution(), "Keras 3 reads normal as truncated_normal");
        VarianceScaling keras2 = (VarianceScaling) Initializers.deserialize(normal, KerasDialect.KERAS2);
        assertEquals(2.0, keras2.scale());
        VarianceScaling legacy = (VarianceScaling) Initializers.deserialize(normal, KerasDialect.KERAS2_LEGACY);
        assertEquals(2.0 * 0.87962566103423978 * 0.87962566103423978, legacy.scale(), 1e-15);
        assertEquals("truncated_normal", legacy.distribution());
        VarianceScaling tfjs = (VarianceScaling) Initializers.deserialize(Map.of("class_name", "VarianceScaling", "config", Map.of(
                "scale", 1.0, "mode", "fanAvg", "seed", 1)), KerasDialect.TFJS);
        assertEquals("fan_avg", tfjs.mode());
        assertEquals("truncated_normal", tfjs.distribution(), "TensorFlow.js' default distribution is normal, uncorrected");
        assertEquals(0.87962566103423978 * 0.87962566103423978, tfjs.scale(), 1e-15);
        for (String[] mode : new String[][] {{"fanIn", "fan_in"}, {"fanOut", "fan_out"}, {"fanAvg", "fan_avg"}, {"fan_in", "fan_in"}}) {
            VarianceScaling read = (VarianceScaling) Initializers.deserialize(Map.of("class_name", "VarianceScaling", "config", Map.of(
                    "mode", mode[0], "distribution", "truncatedNormal", "seed", 1)), KerasDialect.TFJS);
            assertEquals(mode[1], read.mode());
            assertEquals("truncated_normal", read.distribution());
            assertEquals(1.0, read.scale(), "truncatedNormal is not the legacy normal");
        }
        VarianceScaling keras2Default = (VarianceScaling) Initializers.deserialize(Map.of("class_name", "VarianceScaling", "config",
                Map.of("seed", 1)), KerasDialect.KERAS2_LEGACY);
        assertEquals("truncated_normal", keras2Default.distribution());
        assertEquals(1.0, keras2Default.scale(), "Keras 2's default distribution is truncated_normal, not the legacy normal");

        // The legacy presets: glorot_normal etc. as functions of Keras 2.0-2.1, and every name in TensorFlow.js.
        VarianceScaling glorot = (VarianceScaling) Initializers.get("glorot_normal", KerasDialect.KERAS2_LEGACY);
        assertEquals("fan_avg", glorot.mode());
        assertEquals(0.87962566103423978 * 0.87962566103423978, glorot.scale(), 1e-15);
        VarianceScaling he = (VarianceScaling) Initializers.get("he_normal", KerasDialect.KERAS2_LEGACY);
        assertEquals("fan_in", he.mode());
        assertEquals(2 * 0.87962566103423978 * 0.87962566103423978, he.scale(), 1e-15);
        VarianceScaling lecun = (VarianceScaling) Initializers.get("LecunNormal", KerasDialect.TFJS);
        assertEquals("fan_in", lecun.mode());
        assertEquals(0.87962566103423978 * 0.87962566103423978, lecun.scale(), 1e-15);
        assertEquals("GlorotNormal", Initializers.get("GlorotNormal", KerasDialect.KERAS2_LEGACY).className(),
                "the GlorotNormal class of tf.keras is corrected");
        assertEquals("HeUniform", Initializers.get("he_uniform", KerasDialect.KERAS2_LEGACY).className(), "uniform presets are not legacy");
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

    /** keras_version below 2.2 is the uncorrected legacy dialect (Keras 2.2.0 added the 0.8796 correction). */
    @Test
    void keras2VersionsPickTheDialect() {
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version(null));
        assertEquals(KerasDialect.TFJS, KerasDialect.ofKeras2Version("tfjs-layers 1.7.4"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("2.1.6"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("2"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("1.2.2"));
        assertEquals(KerasDialect.KERAS2_LEGACY, KerasDialect.ofKeras2Version("1.9"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("2.2.0"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("2.2.4-tf"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("2.10.0"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("3"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("3.1"));
        assertEquals(KerasDialect.KERAS2, KerasDialect.ofKeras2Version("unknown"));
    }

    @Test
    void fanAxesOutOfRangeNameTheAllowedRange() {
        assertEquals("input_axes [0, 3] has axis 3, out of range for shape (2, 3, 4) of rank 3: allowed are -3 .. 2",
                message(() -> KerasFans.of(Shape.of(2, 3, 4), List.of(0, 3), List.of(1))));
        assertEquals(new KerasFans(8, 3), KerasFans.of(Shape.of(2, 3, 4), List.of(0, -1), List.of(1)));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
