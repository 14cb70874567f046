package dev.weightinit.torch;

import dev.weightinit.core.Initializer;
import dev.weightinit.core.Shape;
import dev.weightinit.engine.DType;
import java.util.List;

/**
 * PyTorch's default init of its modules ({@code reset_parameters}), as the initializer of one named
 * tensor of the module:
 * <ul>
 *   <li>{@code torch.nn.Linear}, {@code torch.nn.Conv1d/2d/3d}, {@code torch.nn.ConvTranspose1d/2d/3d}:
 *       weight {@code kaiming_uniform_(a=√5)} (uniform within {@code ±1/√fan_in}); bias uniform
 *       within {@code ±1/√fan_in} of <em>its weight</em>;</li>
 *   <li>{@code torch.nn.Embedding}: weight {@code N(0, 1)} ({@link Embedding}, with {@code padding_idx});</li>
 *   <li>{@code torch.nn.LayerNorm}, {@code torch.nn.GroupNorm}, {@code torch.nn.BatchNorm1d/2d/3d}:
 *       weight 1, bias 0, {@code running_mean} 0, {@code running_var} 1, {@code num_batches_tracked}
 *       0 (an int64 scalar).</li>
 * </ul>
 * The tensor's role is the last part of its name ({@code fc.bias}: {@code bias}). Thread-safe: stateless.
 */
public final class TorchModules {
    /** The modules, by their torch names. */
    public static final List<String> MODULES = List.of("torch.nn.Linear", "torch.nn.Conv1d", "torch.nn.Conv2d", "torch.nn.Conv3d",
            "torch.nn.ConvTranspose1d", "torch.nn.ConvTranspose2d", "torch.nn.ConvTranspose3d", "torch.nn.Embedding",
            "torch.nn.LayerNorm", "torch.nn.GroupNorm", "torch.nn.BatchNorm1d", "torch.nn.BatchNorm2d", "torch.nn.BatchNorm3d");

    /** Tensors of norm modules that are buffers (in {@code state_dict()}, not parameters). */
    public static final List<String> BUFFERS = List.of("running_mean", "running_var", "num_batches_tracked");

    private TorchModules() {
    }

    /**
     * One tensor's default init.
     *
     * @param module      a name of {@link #MODULES}
     * @param tensorName  the tensor's name; its last part is the role
     * @param weightShape the shape of the module's weight (for a bias), or {@code null}
     * @param paddingIndex an Embedding's {@code padding_idx}, or {@code null}
     * @throws IllegalArgumentException for an unknown module or a role the module has not
     */
    public static Initializer initializer(String module, String tensorName, Shape weightShape, Long paddingIndex) {
        return initializer(module, tensorName.substring(tensorName.lastIndexOf('.') + 1), tensorName, weightShape, paddingIndex);
    }

    /** {@link #initializer(String, String, Shape, Long)} with the role given rather than read from the name. */
    public static Initializer initializer(String module, String role, String tensorName, Shape weightShape, Long paddingIndex) {
        if (!MODULES.contains(module)) {
            throw new IllegalArgumentException("module '" + module + "' is not known: expected one of " + MODULES);
        }
        if (module.equals("torch.nn.Linear") || module.startsWith("torch.nn.Conv")) {
            return switch (role) {
                case "weight" -> new KaimingUniform(Math.sqrt(5), "fan_in", "leaky_relu");
                case "bias" -> {
                    if (weightShape == null) {
                        throw new IllegalArgumentException(tensorName + ": the bias of " + module + " takes its bound from its "
                                + "weight; no weight was found (name it NAME.weight, or say \"module_weight\" in the spec)");
                    }
                    long fanIn = TorchFans.of(weightShape, module).fanIn();
                    double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
                    yield new Uniform(-bound, bound);
                }
                default -> throw unknownRole(module, tensorName, "weight, bias");
            };
        }
        if (module.equals("torch.nn.Embedding")) {
            if (!role.equals("weight")) {
                throw unknownRole(module, tensorName, "weight");
            }
            return new Embedding(paddingIndex);
        }
        return switch (role) {
            case "weight", "running_var" -> new Ones();
            case "bias", "running_mean", "num_batches_tracked" -> new Zeros();
            default -> throw unknownRole(module, tensorName, module.contains("BatchNorm")
                    ? "weight, bias, running_mean, running_var, num_batches_tracked" : "weight, bias");
        };
    }

    /** The dtype torch gives a norm module's tensor of this role, or {@code null} for the model's. */
    public static DType dtypeOf(String tensorName) {
        return tensorName.endsWith(".num_batches_tracked") || tensorName.equals("num_batches_tracked") ? DType.INT64 : null;
    }

    /** Whether the tensor is a buffer of a norm module (not a parameter). */
    public static boolean isBuffer(String tensorName) {
        return BUFFERS.contains(tensorName.substring(tensorName.lastIndexOf('.') + 1));
    }

    private static IllegalArgumentException unknownRole(String module, String tensorName, String roles) {
        return new IllegalArgumentException(tensorName + ": " + module + " has tensors " + roles + ", not "
                + tensorName.substring(tensorName.lastIndexOf('.') + 1));
    }
}
