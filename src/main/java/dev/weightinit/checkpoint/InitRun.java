package dev.weightinit.checkpoint;

import java.io.IOException;

/**
 * Runs one {@link InitRequest} on this host: a Hugging Face folder from a config (or a shipped
 * config's preset), a checkpoint's layout with fresh values ({@code --like}), or a model spec or
 * built-in preset to one file. Thread-safe: stateless; each call is one run.
 */
public final class InitRun {
    private InitRun() {
    }

    /**
     * @return what was written (or, with {@code planOnly}, what would be), also printed to {@code output}
     * @throws IllegalArgumentException for bad input, naming it; nothing is written then
     * @throws IOException              when the output cannot be written; nothing half-written is left
     */
    public static InitResult run(InitRequest request, RunOutput output) throws IOException {
        if (request.source().hfConfig() != null) {
            return new HfFolderWriter(request, output).run();
        }
        if (request.source().kind() == InitRequest.Kind.LIKE) {
            return new LikeWriter(request, output).run();
        }
        return new SpecFileWriter(request, output).run();
    }
}
