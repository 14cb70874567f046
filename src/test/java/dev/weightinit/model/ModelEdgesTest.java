package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.hf.ConfigReader;
import dev.weightinit.hf.HfArchitectures;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.VarianceScaling;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The model package at its edges, every expected value written out: a spec's fields and their
 * errors, which dialect reads an initializer, torch's fan axes for Keras initializers, and the
 * Hugging Face tables' optional fields (transformers 4.46: {@code LlamaConfig.attention_bias} /
 * {@code mlp_bias}, Qwen2's q/k/v-only bias in {@code modeling_qwen2.py}, Mixtral's experts,
 * {@code tie_word_embeddings}, {@code pad_token_id}, {@code head_dim}).
 */
class ModelEdgesTest {
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

    @Test
    void theDialectOfAnInitializerIsReadFromItsForm() {
        assertEquals("ones_", Dialects.parse("ones_").className());
        assertEquals("ones_", Dialects.parse(" ones_ ").className());
        assertEquals("torch.nn.Embedding", Dialects.parse("torch.nn.Embedding").className());
        assertEquals("Ones", Dialects.parse("ones").className());
        assertEquals("Ones", Dialects.parse("\"ones\"").className());
        assertEquals("ones_", Dialects.parse("{\"module\": \"torch.nn.init\", \"class_name\": \"ones\"}").className());
        assertEquals("ones_", Dialects.parse("{\"class_name\": \"ones_\"}").className());
        assertEquals("torch.nn.Embedding", Dialects.parse("{\"class_name\": \"torch.nn.Embedding\", \"config\": {\"seed\": 1}}").className());
        assertEquals("Ones", Dialects.parse("{\"class_name\": \"Ones\"}").className());
        assertEquals("Ones", Dialects.parse("{\"module\": \"keras.initializers\", \"class_name\": \"Ones\", \"config\": {}}").className());

        Map<String, Shape> shapes = Map.of("fc.weight", Shape.of(3, 8), "weight", Shape.of(2, 5));
        Initializer bias = Dialects.initializer("torch.nn.Linear", null, "fc.bias", Shape.of(3), shapes, null);
        assertEquals(1 / Math.sqrt(8), ((Number) bias.getConfig().get("b")).doubleValue(), 1e-15);
        Initializer bare = Dialects.initializer("torch.nn.Linear", null, "bias", Shape.of(2), shapes, null);
        assertEquals(1 / Math.sqrt(5), ((Number) bare.getConfig().get("b")).doubleValue(), 1e-15, "a bare bias takes 'weight'");
        Initializer dotted = Dialects.initializer("torch.nn.Linear", null, ".bias", Shape.of(3), Map.of(".weight", Shape.of(3, 7), "weight",
                Shape.of(3, 2)), null);
        assertEquals(1 / Math.sqrt(7), ((Number) dotted.getConfig().get("b")).doubleValue(), 1e-15, "'.bias' takes '.weight'");
        Initializer named = Dialects.initializer("torch.nn.Linear", null, "anything", Shape.of(2), shapes, "fc.weight");
        assertEquals("uniform_", named.className(), "module_weight makes it the bias");
        assertEquals(1 / Math.sqrt(8), ((Number) named.getConfig().get("b")).doubleValue(), 1e-15);
        assertEquals("ones_", Dialects.initializer("ones", "torch", "x", Shape.of(2), shapes, null).className(), "torch layout: torch's names");
        assertEquals("Ones", Dialects.initializer("ones", null, "x", Shape.of(2), shapes, null).className());
        assertEquals("Ones", Dialects.initializer("ones", "keras", "x", Shape.of(2), shapes, null).className());
        assertEquals("torch.nn.LSTMx", assertThrows(IllegalArgumentException.class,
                () -> Dialects.initializer("torch.nn.LSTMx", null, "x", Shape.of(2), shapes, null)).getMessage().replaceAll("'(.*?)'.*", "$1")
                .replace("initializer ", ""));
        assertEquals("ones_", Dialects.initializer(Map.of("module", "torch.nn.init", "class_name", "ones"), null, "x", Shape.of(2), shapes,
                null).className());
        assertEquals("ones_", Dialects.initializer(Map.of("class_name", "ones_"), null, "x", Shape.of(2), shapes, null).className());
        assertEquals("Ones", Dialects.initializer(Map.of("class_name", "Ones"), null, "x", Shape.of(2), shapes, null).className());
    }

    /** Under the torch layout a Keras fan initializer reads (out, in, *kernel): fan_in = in * kernel, fan_out = out * kernel. */
    @Test
    void theTorchLayoutGivesKerasInitializersTorchsFanAxes() {
        Map<String, Shape> none = Map.of();
        VarianceScaling conv = (VarianceScaling) Dialects.initializer("he_normal", "torch", "c.weight", Shape.of(8, 3, 5, 5), none, null);
        assertEquals(List.of(1, 2, 3), conv.inputAxes());
        assertEquals(List.of(0, 2, 3), conv.outputAxes());
        VarianceScaling linear = (VarianceScaling) Dialects.initializer("glorot_uniform", "torch", "l.weight", Shape.of(8, 3), none, null);
        assertEquals(List.of(1), linear.inputAxes());
        assertEquals(List.of(0), linear.outputAxes());
        VarianceScaling vector = (VarianceScaling) Dialects.initializer("he_normal", "torch", "v", Shape.of(8), none, null);
        assertNull(vector.inputAxes(), "rank 1: Keras' rule is torch's");
        VarianceScaling keras = (VarianceScaling) Dialects.initializer("he_normal", null, "k", Shape.of(8, 3), none, null);
        assertNull(keras.inputAxes());
        VarianceScaling explicit = (VarianceScaling) Dialects.initializer(Map.of("class_name", "VarianceScaling", "config",
                Map.of("input_axes", List.of(0), "output_axes", List.of(1))), "torch", "e", Shape.of(8, 3), none, null);
        assertEquals(List.of(0), explicit.inputAxes(), "explicit axes are kept");
        assertEquals("Zeros", Dialects.initializer("zeros", "keras", "z", Shape.of(8, 3), none, null).className());
        assertEquals("Zeros", Dialects.initializer(Map.of("class_name", "Zeros"), "torch", "z", Shape.of(8, 3), none, null).className(),
                "not a fan initializer: unchanged");
        assertTrue(Dialects.usesKerasFans(keras));
        assertFalse(Dialects.usesKerasFans(conv));
        assertFalse(Dialects.usesKerasFans(Dialects.parse("zeros")));
        VarianceScaling halfAxes = (VarianceScaling) Dialects.initializer(Map.of("class_name", "VarianceScaling", "config",
                Map.of("input_axes", List.of(0))), null, "h", Shape.of(8, 3), none, null);
        assertTrue(Dialects.usesKerasFans(halfAxes), "one axis list missing: Keras' rule for the other");
    }

    private static ConfigReader config(String json) {
        return ConfigReader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "c.json");
    }

    private static Map<String, String> table(String json) throws Exception {
        return HfArchitectures.tensors(config(json)).stream().collect(Collectors.toMap(HfArchitectures.Tensor::name,
                t -> t.shape() + " " + t.initializer().className(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static final String LLAMA = "\"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, "
            + "\"intermediate_size\": 12, \"vocab_size\": 10";

    @Test
    void huggingFaceOptionalFieldsAreTransformers() throws Exception {
        Map<String, String> llama = table("{\"model_type\": \"llama\", " + LLAMA + ", \"attention_bias\": true, \"mlp_bias\": true, "
                + "\"num_key_value_heads\": 1, \"head_dim\": 3, \"tie_word_embeddings\": true}");
        assertEquals(List.of("model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj.bias",
                "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.k_proj.bias", "model.layers.0.self_attn.v_proj.weight",
                "model.layers.0.self_attn.v_proj.bias", "model.layers.0.self_attn.o_proj.weight", "model.layers.0.self_attn.o_proj.bias",
                "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.gate_proj.bias", "model.layers.0.mlp.up_proj.weight",
                "model.layers.0.mlp.up_proj.bias", "model.layers.0.mlp.down_proj.weight", "model.layers.0.mlp.down_proj.bias",
                "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight", "model.norm.weight"),
                List.copyOf(llama.keySet()), "tied: no lm_head.weight");
        assertEquals("(6, 8) RandomNormal", llama.get("model.layers.0.self_attn.q_proj.weight"), "heads * head_dim rows");
        assertEquals("(3, 8) RandomNormal", llama.get("model.layers.0.self_attn.k_proj.weight"), "kv heads * head_dim rows");
        assertEquals("(3,) Zeros", llama.get("model.layers.0.self_attn.v_proj.bias"));
        assertEquals("(8,) Zeros", llama.get("model.layers.0.self_attn.o_proj.bias"));
        assertEquals("(8, 6) RandomNormal", llama.get("model.layers.0.self_attn.o_proj.weight"));
        assertEquals("(12,) Zeros", llama.get("model.layers.0.mlp.up_proj.bias"));
        assertEquals("(8,) Zeros", llama.get("model.layers.0.mlp.down_proj.bias"));
        Map<String, String> qwen = table("{\"model_type\": \"qwen2\", " + LLAMA + "}");
        assertTrue(qwen.containsKey("model.layers.0.self_attn.q_proj.bias") && qwen.containsKey("model.layers.0.self_attn.k_proj.bias")
                && qwen.containsKey("model.layers.0.self_attn.v_proj.bias"), "Qwen2: q, k, v biases");
        assertFalse(qwen.containsKey("model.layers.0.self_attn.o_proj.bias"), "Qwen2: o_proj has no bias");
        assertEquals("(10, 8) RandomNormal", qwen.get("lm_head.weight"));
        assertEquals("(8, 8) RandomNormal", qwen.get("model.layers.0.self_attn.k_proj.weight"), "kv heads default to heads, head_dim 4");
        Map<String, String> plain = table("{\"architectures\": [\"MistralForCausalLM\"], " + LLAMA + ", \"attention_bias\": false}");
        assertEquals(12, plain.size(), "no biases: embed; q, k, v, o, gate, up, down and 2 norms; norm; lm_head");
        Map<String, String> mixtral = table("{\"model_type\": \"mixtral\", " + LLAMA + ", \"num_local_experts\": 2}");
        assertEquals("(2, 8) RandomNormal", mixtral.get("model.layers.0.block_sparse_moe.gate.weight"));
        assertEquals("(8, 12) RandomNormal", mixtral.get("model.layers.0.block_sparse_moe.experts.1.w2.weight"));
        assertFalse(mixtral.containsKey("model.layers.0.mlp.up_proj.weight"));
        List<HfArchitectures.Tensor> padded = HfArchitectures.tensors(config("{\"model_type\": \"llama\", " + LLAMA
                + ", \"pad_token_id\": 3, \"initializer_range\": 0.05}"));
        assertEquals(3L, ((Number) padded.get(0).initializer().getConfig().get("padding_idx")).longValue());
        assertEquals(0.05, ((Number) padded.get(0).initializer().getConfig().get("std")).doubleValue());
        assertEquals(0.05, ((Number) padded.get(1).initializer().getConfig().get("stddev")).doubleValue());
        List<HfArchitectures.Tensor> gpt2 = HfArchitectures.tensors(config("{\"model_type\": \"gpt2\", \"n_embd\": 4, \"n_layer\": 3, "
                + "\"n_positions\": 5, \"vocab_size\": 7, \"n_inner\": 6}"));
        assertEquals(2 + 12 * 3 + 2, gpt2.size());
        assertEquals(Shape.of(4, 6), gpt2.get(2 + 8).shape(), "n_inner given: c_fc is (n_embd, n_inner)");
        assertEquals(0.02 / Math.sqrt(6), ((Number) gpt2.get(2 + 4).initializer().getConfig().get("stddev")).doubleValue(), 1e-15,
                "c_proj: range / sqrt(2 n_layer)");
    }

    @Test
    void huggingFaceConfigErrorsNameTheField() throws Exception {
        assertEquals("c.json: config field hidden_size is 0: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA.replace("\"hidden_size\": 8", "\"hidden_size\": 0") + "}"));
        assertEquals("c.json: config field hidden_size is 1.5: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA.replace("\"hidden_size\": 8", "\"hidden_size\": 1.5") + "}"));
        assertEquals("c.json: config field vocab_size is missing: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA.replace(", \"vocab_size\": 10", "") + "}"));
        assertEquals("c.json: config field num_key_value_heads is 0: expected a positive integer of at most 2^63 - 1",
                tableError("{\"model_type\": \"llama\", " + LLAMA + ", \"num_key_value_heads\": 0}"));
        assertEquals(4, HfArchitectures.tensors(config("{\"model_type\": \"llama\", " + LLAMA + ", \"num_key_value_heads\": null}"))
                .get(2).shape().dim(0) / 2, "null means the default");
        assertEquals("c.json: config field initializer_range is -0.1: expected a number >= 0",
                tableError("{\"model_type\": \"llama\", " + LLAMA + ", \"initializer_range\": -0.1}"));
        assertEquals("c.json: config field initializer_range is \"x\": expected a number >= 0",
                tableError("{\"model_type\": \"llama\", " + LLAMA + ", \"initializer_range\": \"x\"}"));
        assertEquals(0.0, ((Number) HfArchitectures.tensors(config("{\"model_type\": \"llama\", " + LLAMA + ", \"initializer_range\": 0}")).get(1).initializer().getConfig().get("stddev")).doubleValue(), "0 is allowed");
        String unknown = tableError("{\"model_type\": \"bert\", " + LLAMA + "}");
        assertTrue(unknown.startsWith("c.json: model_type 'bert' (architectures ) is not known: known are [GPT2LMHeadModel, "), unknown);
        assertTrue(tableError("{\"architectures\": [], " + LLAMA + "}").startsWith("c.json: model_type '' (architectures []) is not known"));
        assertTrue(tableError("{\"architectures\": [\"BertModel\"], " + LLAMA + "}").startsWith("c.json: model_type '' (architectures "
                + "[\"BertModel\"]) is not known"));
        assertEquals(DType.BFLOAT16, config("{\"torch_dtype\": \"bfloat16\"}").dtype());
        assertEquals(DType.FLOAT16, config("{\"dtype\": \"float16\"}").dtype());
        assertEquals(DType.FLOAT32, config("{\"torch_dtype\": \"float32\", \"dtype\": \"float16\"}").dtype());
        assertNull(config("{\"torch_dtype\": \"int8\"}").dtype());
    }

    private static String tableError(String json) {
        return assertThrows(IllegalArgumentException.class, () -> table(json)).getMessage();
    }
}
