package dev.weightinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.hf.ConfigReader;
import dev.weightinit.keras.VarianceScaling;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Dialects}: which dialect reads an initializer, and torch's fan axes for Keras initializers under the torch layout. */
class DialectsTest {
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

}
