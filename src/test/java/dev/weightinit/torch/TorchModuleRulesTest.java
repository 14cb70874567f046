package dev.weightinit.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchModuleRules}: a tensor's module inferred from its name and rank, then that module's
 * own {@code reset_parameters}: Linear and Conv {@code kaiming_uniform_(a=sqrt(5))} with a bias
 * U(±1/sqrt(fan_in)) found through its weight, also for unprefixed {@code weight}/{@code bias};
 * a 2-D tensor whose name says "embed" is an Embedding (N(0, 1)).
 */
class TorchModuleRulesTest {
    @Test
    void anUnprefixedBiasFindsTheUnprefixedWeight() {
        Map<String, Shape> shapes = Map.of("weight", Shape.of(4, 16), "bias", Shape.of(4));
        assertEquals("kaiming_uniform_", TorchModuleRules.choose("weight", Shape.of(4, 16), shapes).className());
        Initializer bias = TorchModuleRules.choose("bias", Shape.of(4), shapes);
        assertEquals("uniform_", bias.className());
        assertEquals(-0.25, bias.getConfig().get("a"), "1 / sqrt(16)");
        assertEquals(0.25, bias.getConfig().get("b"));
    }

    @Test
    void aTwoDimensionalEmbeddingIsAnEmbeddingAndOtherwiseALinear() {
        Map<String, Shape> shapes = Map.of("model.embed_tokens.weight", Shape.of(100, 8), "lm_head.weight", Shape.of(100, 8));
        assertEquals("torch.nn.Embedding", TorchModuleRules.choose("model.embed_tokens.weight", Shape.of(100, 8), shapes).className());
        assertEquals("torch.nn.Embedding", TorchModuleRules.choose("Model.EMBED.weight", Shape.of(100, 8), shapes).className(),
                "case does not matter");
        assertEquals("kaiming_uniform_", TorchModuleRules.choose("lm_head.weight", Shape.of(100, 8), shapes).className());
    }

    @Test
    void aBiasWithoutItsWeightIsRefused() {
        assertEquals("tensor 'orphan.bias' (4,): its torch module cannot be inferred from its name and rank; give a rules file "
                + "with a rule for it", assertThrows(IllegalArgumentException.class,
                        () -> TorchModuleRules.choose("orphan.bias", Shape.of(4), Map.of("weight", Shape.of(4, 2)))).getMessage());
    }

    /** A 1-D weight and bias are a norm's (LayerNorm: 1 and 0); an embedding's bias, if a file has one, is a Linear's. */
    @Test
    void oneDimensionalWeightsAreNormsAndAnEmbeddingBiasIsALinearBias() {
        Map<String, Shape> shapes = Map.of("norm.weight", Shape.of(8), "norm.bias", Shape.of(8), "embed.weight", Shape.of(10, 4));
        assertEquals("ones_", TorchModuleRules.choose("norm.weight", Shape.of(8), shapes).className());
        assertEquals("zeros_", TorchModuleRules.choose("norm.bias", Shape.of(8), shapes).className());
        Initializer bias = TorchModuleRules.choose("embed.bias", Shape.of(10), shapes);
        assertEquals("uniform_", bias.className());
        assertEquals(0.5, bias.getConfig().get("b"), "1 / sqrt(4)");
        assertThrows(IllegalArgumentException.class, () -> TorchModuleRules.choose("norm.scale", Shape.of(8), shapes));
    }
}
