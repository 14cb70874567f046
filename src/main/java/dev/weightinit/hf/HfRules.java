package dev.weightinit.hf;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import dev.weightinit.keras.Ones;
import dev.weightinit.keras.RandomNormal;
import dev.weightinit.keras.Zeros;

/**
 * The {@code hf} rule set of {@code init --like}: Hugging Face's {@code _init_weights} told from a
 * tensor's name, rank and dtype alone: every weight of rank 2 or more (Linear, Embedding)
 * N(0, {@code initializer_range}), rank-1 weights (norms) 1, biases and integer buffers 0.
 * Thread-safe: stateless.
 */
public final class HfRules {
    private HfRules() {
    }

    /** An initializer and the rule that chose it, for the plan. */
    public record Choice(Initializer initializer, String rule) {
    }

    /** @param range the {@code initializer_range} of the checkpoint's config, else 0.02 */
    public static Choice choose(String name, Shape shape, DType dtype, double range) {
        if (dtype.isConstantOnly()) {
            return new Choice(new Zeros(), "hf: integer buffer 0");
        }
        if (name.endsWith(".bias") || name.equals("bias")) {
            return new Choice(new Zeros(), "hf: bias 0");
        }
        if (shape.rank() >= 2) {
            return new Choice(new RandomNormal(0.0, range), "hf: N(0, initializer_range " + range + ")");
        }
        return new Choice(new Ones(), "hf: norm weight 1");
    }
}
