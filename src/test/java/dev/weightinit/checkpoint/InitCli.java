package dev.weightinit.checkpoint;

import dev.weightinit.cli.CliRunner;

/** {@code weightinit init ARGS --device cpu --progress none} in this JVM, for the writers' tests. */
final class InitCli {
    private InitCli() {
    }

    static CliRunner init(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--device", "cpu", "--progress", "none"}, 0, all, args.length + 1, 4);
        return CliRunner.run(all);
    }
}
