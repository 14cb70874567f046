package dev.weightinit.cli;

import dev.weightinit.checkpoint.CheckpointLayout;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weightinit layout PATH}: a checkpoint's layout (headers, index, config; no data) as JSON, for {@code init --like}. */
@Command(name = "layout", mixinStandardHelpOptions = true,
        description = "Print the layout of a .safetensors file or a Hugging Face folder (every tensor's name, dtype and shape, the "
                + "shard files, the index and config.json; no data) as JSON, which 'init --like' reads back.")
final class LayoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "A .safetensors file or a Hugging Face folder.")
    Path path;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(CheckpointLayout.read(path).toJson());
        return 0;
    }
}
