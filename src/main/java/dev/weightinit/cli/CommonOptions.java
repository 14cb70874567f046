package dev.weightinit.cli;

import dev.weightinit.backend.Backend;
import dev.weightinit.backend.Devices;
import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.checkpoint.ModelSeed;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options {@code generate} and {@code init} share. */
final class CommonOptions {
    @Option(names = "--device", defaultValue = InitRequest.DEFAULT_DEVICE, paramLabel = "DEVICE",
            description = "auto (best GPU, else other OpenCL device, else Java), cpu, opencl, or opencl:P:D from 'weightinit devices'. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--seed", paramLabel = "N", converter = SeedConverter.class,
            description = "Seed for every random initializer (overrides seeds in configs): an integer from -2^63 to 2^64 - 1 "
                    + "(signed or unsigned 64-bit, as in a spec; taken as its 64 bits).")
    Long seed;

    /** {@code --seed} accepts what a spec's {@code seed} accepts ({@link ModelSeed#parse}). */
    static final class SeedConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ModelSeed.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    Backend openBackend(PrintWriter err) {
        return Devices.open(device, message -> err.println("warning: " + message));
    }
}
