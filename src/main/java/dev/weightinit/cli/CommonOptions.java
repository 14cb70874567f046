package dev.weightinit.cli;

import dev.weightinit.core.Initializer;
import dev.weightinit.keras.Initializers;
import dev.weightinit.core.Integers;
import dev.weightinit.core.Seeded;
import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.backend.opencl.OpenClOptions;
import dev.weightinit.engine.DType;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options {@code generate} and {@code init} share. */
final class CommonOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE",
            description = "auto (best GPU, else other OpenCL device, else Java), cpu, opencl, or opencl:P:D from 'weightinit devices'. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--seed", paramLabel = "N", converter = SeedConverter.class,
            description = "Seed for every random initializer (overrides seeds in configs): an integer from -2^63 to 2^64 - 1 "
                    + "(signed or unsigned 64-bit, as in a spec; taken as its 64 bits).")
    Long seed;

    /** {@code --seed} accepts what a spec's {@code seed} accepts ({@link Integers#seedBits}). */
    static final class SeedConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Long seed = Integers.seedBits(Integers.parse(value));
            if (seed == null) {
                throw new CommandLine.TypeConversionException("seed '" + value + "' is not valid: expected " + Integers.SEED_RANGE);
            }
            return seed;
        }
    }

    Backend openBackend(PrintWriter err) {
        return Devices.open(device, OpenClOptions.defaults(), message -> err.println("warning: " + message));
    }

    static DType dtype(String name) {
        DType dtype;
        try {
            dtype = DType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dtype '" + name + "' is not supported: expected float32, float16, bfloat16, float64, "
                    + "or for constant buffers int64, int32 or bool");
        }
        if (dtype == DType.UINT32) {
            throw new IllegalArgumentException("dtype 'uint32' is not an output type: expected float32, float16, bfloat16, float64, "
                    + "or for constant buffers int64, int32 or bool");
        }
        return dtype;
    }

    /** The initializer with {@code seed} applied when given. */
    static Initializer seeded(Initializer initializer, Long seed) {
        return seed == null ? initializer : Initializers.withSeed(initializer, seed);
    }

    /** Tells the user how to reproduce an output made with a drawn seed. */
    static void reportDrawnSeed(PrintWriter err, long seed) {
        err.println("seed " + seed + " was drawn: pass --seed " + seed + " to reproduce this file");
    }

    /** The seed an initializer drew, or {@code null} when it was given one or takes none. */
    static Long drawnSeed(Initializer initializer) {
        return initializer instanceof Seeded s && s.seed().drawn() ? s.seed().value() : null;
    }
}
