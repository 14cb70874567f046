package dev.weightinit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in this JVM for tests outside the cli package; returns the exit status. */
public final class CliProbe {
    private CliProbe() {
    }

    public static int init(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "init";
        System.arraycopy(args, 0, all, 1, args.length);
        StringWriter err = new StringWriter();
        int status = WeightInit.run(all, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        if (status != 0) {
            System.err.println(err);
        }
        return status;
    }
}
