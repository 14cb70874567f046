package dev.weightinit.torch;

import java.util.List;

/**
 * PyTorch's {@code torch.nn.init.calculate_gain(nonlinearity, param=None)}, the recommended gain of
 * each nonlinearity: 1 for {@code linear}, the convolutions and {@code sigmoid}; 5/3 for
 * {@code tanh}; √2 for {@code relu}; √(2 / (1 + slope²)) for {@code leaky_relu} (slope 0.01 when
 * none is given); 3/4 for {@code selu}. Thread-safe: stateless.
 */
public final class TorchGain {
    /** Every nonlinearity torch knows. */
    public static final List<String> NONLINEARITIES = List.of("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
            "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu");

    private TorchGain() {
    }

    /**
     * @param param the negative slope of {@code leaky_relu}, or {@code null}
     * @throws IllegalArgumentException for a nonlinearity torch does not know, or a non-finite slope
     */
    public static double calculateGain(String nonlinearity, Double param) {
        if (nonlinearity == null || !NONLINEARITIES.contains(nonlinearity)) {
            throw new IllegalArgumentException("unsupported nonlinearity '" + nonlinearity + "': expected one of " + NONLINEARITIES);
        }
        return switch (nonlinearity) {
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = param == null ? 0.01 : param;
                if (!Double.isFinite(slope)) {
                    throw new IllegalArgumentException("negative_slope " + param + " is not a valid number");
                }
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> 1.0;
        };
    }
}
