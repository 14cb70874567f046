package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.hf.ConfigReader;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.VarianceScaling;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ModelSpec}: a spec's fields and their errors, parameter counts past 2^63, and the warning about torch-like weights under Keras fans; every expected value written out. */
class ModelSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private static ModelSpec spec(String json) throws Exception {
        return ModelSpec.fromJson(JSON.readValue(json, Map.class), "s.json");
    }

    private static String specError(String json) {
        return assertThrows(IllegalArgumentException.class, () -> spec(json)).getMessage();
    }

    @Test
    void aSpecsFieldsAreReadAndTheirErrorsNamed() throws Exception {
        ModelSpec spec = spec("""
                {"seed": 18446744073709551615, "dtype": "bfloat16", "layout": "torch", "name": "m", "description": "d", "tensors": [
                  {"name": "fc.weight", "shape": [3, 4], "initializer": "torch.nn.Linear"},
                  {"name": "fc.bias", "shape": [3], "initializer": "torch.nn.Linear", "dtype": "float32"},
                  {"name": "bn.num_batches_tracked", "shape": [], "initializer": "torch.nn.BatchNorm2d"},
                  {"name": "bn.running_mean", "shape": [3], "initializer": "torch.nn.BatchNorm2d"},
                  {"name": "extra", "shape": [2], "initializer": "zeros", "buffer": true},
                  {"name": "emb.weight", "shape": [5, 2], "initializer": "torch.nn.Embedding", "buffer": false}]}
                """);
        assertEquals(-1L, spec.seed());
        assertEquals(DType.BFLOAT16, spec.dtype());
        assertEquals("torch", spec.layout());
        assertEquals(List.of("fc.weight", "fc.bias", "bn.num_batches_tracked", "bn.running_mean", "extra", "emb.weight"),
                spec.tensors().stream().map(ModelSpec.Tensor::name).toList());
        assertNull(spec.tensors().get(0).dtype());
        assertEquals(DType.FLOAT32, spec.tensors().get(1).dtype());
        assertEquals(DType.INT64, spec.tensors().get(2).dtype(), "torch's num_batches_tracked is int64");
        assertNull(spec.tensors().get(3).dtype());
        assertEquals(List.of(false, false, true, true, true, false), spec.tensors().stream().map(ModelSpec.Tensor::buffer).toList());
        assertEquals(12 + 3 + 10, spec.parameterCount(), "buffers left out");
        assertEquals("uniform_", spec.tensors().get(1).initializer().className());
        assertEquals(List.of(), spec.warnings(), "the layout is said");

        assertEquals("s.json: unknown key 'seeds': a model spec takes ", specError("{\"seeds\": 1, \"tensors\": []}").replaceAll("\\[.*", ""));
        assertEquals("s.json: seed is 18446744073709551616: expected " + dev.weightinit.core.Integers.SEED_RANGE,
                specError("{\"seed\": 18446744073709551616, \"tensors\": []}"));
        assertEquals("s.json: seed is x: expected " + dev.weightinit.core.Integers.SEED_RANGE, specError("{\"seed\": \"x\", \"tensors\": []}"));
        assertEquals("s.json: dtype is 5: expected float32, float16, bfloat16 or float64", specError("{\"dtype\": 5, \"tensors\": []}"));
        assertEquals("s.json: dtype is uint32: expected float32, float16, bfloat16, float64, int64, int32 or bool",
                specError("{\"dtype\": \"uint32\", \"tensors\": []}"));
        assertTrue(specError("{\"dtype\": \"float8\", \"tensors\": []}").startsWith("s.json: dtype: "));
        assertEquals("s.json: tensors is null: expected a list of tensors", specError("{}"));
        assertEquals("s.json: tensors is {}: expected a list of tensors", specError("{\"tensors\": {}}"));
        assertEquals("s.json: layout is caffe: expected one of [keras, torch]", specError("{\"layout\": \"caffe\", \"tensors\": []}"));
        assertEquals("s.json: layout is 1: expected one of [keras, torch]", specError("{\"layout\": 1, \"tensors\": []}"));
        assertEquals("s.json: tensors[0] is 3: expected an object with name, shape and initializer", specError("{\"tensors\": [3]}"));
        assertTrue(specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [1], \"initializer\": \"zeros\", \"init\": 1}]}")
                .startsWith("s.json: tensors[0]: unknown key 'init': a tensor takes "));
        assertEquals("s.json: tensors[0]: name is null: expected a non-empty string", specError("{\"tensors\": [{\"shape\": [1]}]}"));
        assertEquals("s.json: tensors[0]: name is : expected a non-empty string", specError("{\"tensors\": [{\"name\": \"\"}]}"));
        assertEquals("s.json: tensors[0]: name is 7: expected a non-empty string", specError("{\"tensors\": [{\"name\": 7}]}"));
        assertEquals("s.json: tensors[0] (a): shape is null: expected a list of integers", specError("{\"tensors\": [{\"name\": \"a\"}]}"));
        assertEquals("s.json: tensors[0] (a): shape (2, -1) has a negative dimension -1 at axis 1: dimensions must be >= 0",
                specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, -1], \"initializer\": \"zeros\"}]}"));
        assertEquals("s.json: tensors[0] (a): shape [2, 9223372036854775808] has 9223372036854775808 at axis 1: dimensions are integers "
                + "from 0 to 2^63 - 1", specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [2, 9223372036854775808], \"initializer\": \"zeros\"}]}"));
        assertEquals("s.json: tensors[0] (a): shape [1.5] has 1.5 at axis 0: dimensions are integers from 0 to 2^63 - 1",
                specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [1.5], \"initializer\": \"zeros\"}]}"));
        assertEquals("s.json: tensors[0] (a): initializer is missing: expected a Keras or torch name or config",
                specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [1]}]}"));
        assertEquals("s.json: tensors[0] (a.bias): module_weight is 3: expected the name of a tensor",
                specError("{\"tensors\": [{\"name\": \"a.bias\", \"shape\": [1], \"initializer\": \"torch.nn.Linear\", \"module_weight\": 3}]}"));
        assertEquals("s.json: tensors[0] (a.bias): module_weight 'w' is not a tensor of the spec",
                specError("{\"tensors\": [{\"name\": \"a.bias\", \"shape\": [1], \"initializer\": \"torch.nn.Linear\", \"module_weight\": \"w\"}]}"));
        assertEquals("s.json: tensors[0] (a): buffer is yes: expected true or false",
                specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [1], \"initializer\": \"zeros\", \"buffer\": \"yes\"}]}"));
        assertEquals("s.json: tensors[0] (a): dtype is uint32: expected float32, float16, bfloat16, float64, int64, int32 or bool",
                specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [1], \"initializer\": \"zeros\", \"dtype\": \"uint32\"}]}"));
        assertEquals("tensor name 'a' appears twice: names must be unique",
                specError("{\"tensors\": [{\"name\": \"a\", \"shape\": [1], \"initializer\": \"zeros\"}, "
                        + "{\"name\": \"a\", \"shape\": [2], \"initializer\": \"zeros\"}]}"));
        assertEquals("layout 'caffe' is not known: expected one of [keras, torch]",
                assertThrows(IllegalArgumentException.class, () -> new ModelSpec(null, null, "caffe", List.of())).getMessage());
        // A bias with module_weight takes the bound of the named weight: 1 / sqrt(fan_in 6).
        ModelSpec bias = spec("{\"tensors\": [{\"name\": \"w\", \"shape\": [4, 6], \"initializer\": \"zeros\"}, "
                + "{\"name\": \"b\", \"shape\": [4], \"initializer\": \"torch.nn.Linear\", \"module_weight\": \"w\"}]}");
        assertEquals(1 / Math.sqrt(6), ((Number) bias.tensors().get(1).initializer().getConfig().get("b")).doubleValue(), 1e-15);
    }

    @Test
    void parameterCountsStopAtTwoToTheSixtyThree() throws Exception {
        ModelSpec exact = spec("{\"tensors\": [{\"name\": \"a\", \"shape\": [4611686018427387904], \"initializer\": \"zeros\"}, "
                + "{\"name\": \"b\", \"shape\": [4611686018427387903], \"initializer\": \"zeros\"}]}");
        assertEquals(Long.MAX_VALUE, exact.parameterCount(), "2^62 + 2^62 - 1 = 2^63 - 1 fits");
        ModelSpec over = spec("{\"tensors\": [{\"name\": \"a\", \"shape\": [4611686018427387904], \"initializer\": \"zeros\"}, "
                + "{\"name\": \"b\", \"shape\": [4611686018427387904], \"initializer\": \"zeros\"}]}");
        assertEquals("tensor b (4611686018427387904,) takes the model past 2^63 - 1 parameters",
                assertThrows(IllegalArgumentException.class, over::parameterCount).getMessage());
    }

    @Test
    void warningsNameUpToThreeTorchLikeWeightsUnderKerasFans() throws Exception {
        String warning = spec("""
                {"tensors": [{"name": "a.weight", "shape": [3, 4], "initializer": "he_normal"},
                  {"name": "b.weight", "shape": [3, 4], "initializer": "glorot_uniform"},
                  {"name": "c.weight", "shape": [3], "initializer": "he_normal"},
                  {"name": "d.kernel", "shape": [3, 4], "initializer": "he_normal"},
                  {"name": "e.weight", "shape": [3, 4], "initializer": "zeros"},
                  {"name": "f.weight", "shape": [3, 4], "initializer": {"class_name": "VarianceScaling",
                    "config": {"input_axes": [1], "output_axes": [0]}}}]}
                """).warnings().get(0);
        assertTrue(warning.startsWith("tensors named like PyTorch weights (a.weight, b.weight) get Keras' fan rule (..., in, out); "),
                warning);
        String four = spec("""
                {"tensors": [{"name": "a.weight", "shape": [3, 4], "initializer": "he_normal"},
                  {"name": "b.weight", "shape": [3, 4], "initializer": "he_normal"},
                  {"name": "c.weight", "shape": [3, 4], "initializer": "he_normal"},
                  {"name": "d.weight", "shape": [3, 4], "initializer": "he_normal"}]}
                """).warnings().get(0);
        assertTrue(four.startsWith("tensors named like PyTorch weights (a.weight, b.weight, c.weight, ...) get"), four);
        String three = spec("""
                {"tensors": [{"name": "a.weight", "shape": [3, 4], "initializer": "he_normal"},
                  {"name": "b.weight", "shape": [3, 4], "initializer": "he_normal"},
                  {"name": "c.weight", "shape": [3, 4], "initializer": "he_normal"}]}
                """).warnings().get(0);
        assertTrue(three.startsWith("tensors named like PyTorch weights (a.weight, b.weight, c.weight) get"), three);
        assertEquals(List.of(), spec("{\"tensors\": [{\"name\": \"a.weight\", \"shape\": [3], \"initializer\": \"he_normal\"}]}").warnings());
        assertEquals(List.of(), spec("{\"layout\": \"keras\", \"tensors\": [{\"name\": \"a.weight\", \"shape\": [3, 4], "
                + "\"initializer\": \"he_normal\"}]}").warnings());
    }

    private static ConfigReader config(String json) {
        return ConfigReader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "c.json");
    }

}
