package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.engine.DType;
import dev.weightinit.torch.KaimingUniform;
import dev.weightinit.torch.Normal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A spec's layout picks the dialect of bare names and the fan rule; module defaults resolve per tensor. */
class TorchSpecTest {

    private static ModelSpec spec(String layout, List<Map<String, Object>> tensors) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        if (layout != null) {
            json.put("layout", layout);
        }
        json.put("tensors", tensors);
        return ModelSpec.fromJson(json, "m.json");
    }

    private static double std(ModelSpec spec, int i) {
        ModelSpec.Tensor t = spec.tensors().get(i);
        return t.initializer().expectedStddev(t.shape()).getAsDouble();
    }

    @Test
    void torchLayoutGivesKerasNamesTorchsFanRuleAndBareNamesTorchsMeaning() {
        List<Map<String, Object>> tensors = List.of(Map.of("name", "conv.weight", "shape", List.of(64, 3, 7, 7), "initializer", "he_normal"),
                Map.of("name", "fc1.weight", "shape", List.of(512, 784), "initializer", "he_normal"),
                Map.of("name", "emb.weight", "shape", List.of(10, 4), "initializer", "normal"));
        ModelSpec torch = spec("torch", tensors);
        // he_normal: truncated normal of stddev sqrt(2 / fan_in) after truncation, torch's fan_in = in * kh * kw = 147.
        assertEquals(Math.sqrt(2.0 / 147), std(torch, 0), 1e-7 * Math.sqrt(2.0 / 147));
        assertEquals(Math.sqrt(2.0 / 784), std(torch, 1), 1e-7 * Math.sqrt(2.0 / 784));
        assertTrue(torch.tensors().get(2).initializer() instanceof Normal, "bare 'normal' is torch's normal_(0, 1)");
        assertEquals(1.0, std(torch, 2), 1e-9);
        assertEquals(List.of(), torch.warnings());
        ModelSpec unsaid = spec(null, tensors);
        // Keras' rule reads (64, 3, 7, 7) as (..., in, out): receptive field 64 * 3, fan_in = 7 * 192 = 1344.
        assertEquals(Math.sqrt(2.0 / 1344), std(unsaid, 0), 1e-7 * Math.sqrt(2.0 / 1344));
        assertEquals(1, unsaid.warnings().size());
        assertTrue(unsaid.warnings().get(0).contains("conv.weight") && unsaid.warnings().get(0).contains("\"layout\": \"torch\""),
                unsaid.warnings().get(0));
    }

    @Test
    void moduleDefaultsResolvePerTensorWithTheBiasBoundFromItsWeight() {
        ModelSpec spec = spec("torch", List.of(
                Map.of("name", "fc.weight", "shape", List.of(10, 400), "initializer", "torch.nn.Linear"),
                Map.of("name", "fc.bias", "shape", List.of(10), "initializer", "torch.nn.Linear"),
                Map.of("name", "head", "shape", List.of(10), "initializer", "torch.nn.Linear", "module_weight", "fc.weight"),
                Map.of("name", "bn.running_var", "shape", List.of(10), "initializer", "torch.nn.BatchNorm1d"),
                Map.of("name", "bn.num_batches_tracked", "shape", List.of(), "initializer", "torch.nn.BatchNorm1d")));
        assertTrue(spec.tensors().get(0).initializer() instanceof KaimingUniform);
        // U(±1/sqrt(400)): stddev (2/20) / sqrt(12).
        assertEquals(0.1 / Math.sqrt(12), std(spec, 1), 1e-8);
        assertEquals(0.1 / Math.sqrt(12), std(spec, 2), 1e-8);
        assertTrue(spec.tensors().get(3).buffer());
        assertEquals(DType.INT64, spec.tensors().get(4).dtype());
        assertTrue(spec.tensors().get(4).buffer());
        assertEquals(10 * 400 + 10 + 10, spec.parameterCount(), "buffers are not parameters");
    }
}
