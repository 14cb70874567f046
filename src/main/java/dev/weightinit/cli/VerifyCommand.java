package dev.weightinit.cli;

import dev.weightinit.backend.Devices;
import dev.weightinit.checkpoint.InitRequest;
import dev.weightinit.checkpoint.Verify;
import dev.weightinit.io.Format;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weightinit verify PATH}: proves files are what their seed makes ({@link Verify}). */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Prove that a folder, a .safetensors or a .npy file is exactly what its seed makes: every tensor is made "
                + "again from what the files record (seed, stream spec, each tensor's initializer) and compared byte for byte.",
            "Exit status 0 when every byte is equal; 1 naming each tensor that differs (with its first differing element) and "
                + "each shard the index names that is missing; 2 for bad input or files not written by weightinit."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A Hugging Face folder (its index, else its .safetensors files), a .safetensors "
            + "file, or a .npy file with the FILE.npy.json record generate writes beside it.")
    Path path;

    @Option(names = "--sample", paramLabel = "FRACTION", defaultValue = "1",
            description = "Compare this fraction of each tensor's chunks, chosen at random (at least one chunk per tensor; the seed "
                    + "is printed), for folders too large to read whole. Default: ${DEFAULT-VALUE} (everything).")
    double sample;

    @Option(names = "--sample-seed", paramLabel = "N", converter = CommonOptions.SeedConverter.class,
            description = "The seed that chooses the sampled chunks. Default: drawn, and printed.")
    Long sampleSeed;

    @Option(names = "--device", defaultValue = InitRequest.DEFAULT_DEVICE, paramLabel = "DEVICE",
            description = "As init: auto, cpu, opencl or opencl:P:D. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, lines otherwise), bar, plain or none. Default: ${DEFAULT-VALUE}.")
    String progress;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the text report.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress.checkMode(progress);
        Devices.prepare(device); // the fallback's compile overlaps reading the folder
        long seed = sampleSeed != null ? sampleSeed : new SecureRandom().nextLong();
        Verify.Request request = new Verify.Request(path, sample, seed, device, InitRequest.DEFAULT_CHUNK_MIB);
        if (sample < 1 && !json) {
            err.println("verify: sampling " + sample + " of each tensor with --sample-seed " + seed);
        }
        Verify.Result result = Verify.run(request, err::println,
                (bytes, tensors) -> Progress.create("verify", progress, bytes, tensors, err));
        if (json) {
            JsonOutput.print(out, JsonOutput.of(result, request));
        } else {
            for (String shard : result.missing()) {
                out.println("MISSING " + shard + " (named by the index)");
            }
            for (Verify.Difference d : result.differences()) {
                out.println("DIFFERS " + d.file() + ": " + d.tensor() + " at element " + d.element() + ": expected " + d.expected()
                        + ", found " + d.found());
            }
            out.printf(Locale.ROOT, "verify: %s: %d tensors in %d files, %s compared, %s, device %s (certified: %s)%n",
                    result.equal() ? "equal" : "NOT EQUAL", result.tensors(), result.files(), Format.bytes(result.bytesCompared()),
                    Format.duration(result.seconds()), result.device(), result.certified());
        }
        return result.equal() ? 0 : 1;
    }
}
