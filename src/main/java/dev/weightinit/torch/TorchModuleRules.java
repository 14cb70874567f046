package dev.weightinit.torch;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code torch} rule set of {@code init --like}: PyTorch's module defaults
 * ({@link TorchModules}), the module inferred from a tensor's name and rank: rank 3 to 5 weights
 * Conv, rank 2 Linear (Embedding when the name says {@code embed}), rank 1 weights and biases of
 * norms, and BatchNorm's buffers. Thread-safe: stateless.
 */
public final class TorchModuleRules {
    private TorchModuleRules() {
    }

    /**
     * @param shapes every tensor's shape by name (a bias finds its module's weight there)
     * @throws IllegalArgumentException naming a tensor whose module cannot be inferred
     */
    public static Initializer choose(String name, Shape shape, Map<String, Shape> shapes) {
        String role = name.substring(name.lastIndexOf('.') + 1);
        int rank = shape.rank();
        if (TorchModules.BUFFERS.contains(role)) {
            return TorchModules.initializer("torch.nn.BatchNorm2d", name, null, null);
        }
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "";
        Shape weight = shapes.get(stem.isEmpty() ? "weight" : stem + ".weight");
        int moduleRank = role.equals("weight") ? rank : weight != null ? weight.rank() : -1;
        String module;
        if (moduleRank >= 3 && moduleRank <= 5) {
            module = "torch.nn.Conv2d";
        } else if (moduleRank == 2) {
            module = name.toLowerCase(Locale.ROOT).contains("embed") ? "torch.nn.Embedding" : "torch.nn.Linear";
        } else if (moduleRank == 1 && (role.equals("weight") || role.equals("bias"))) {
            module = "torch.nn.LayerNorm";
        } else {
            throw new IllegalArgumentException("tensor '" + name + "' " + shape + ": its torch module cannot be inferred from "
                    + "its name and rank; give a rules file with a rule for it");
        }
        if (module.equals("torch.nn.Embedding") && role.equals("bias")) {
            module = "torch.nn.Linear";
        }
        return TorchModules.initializer(module, role, name, weight, null);
    }
}
