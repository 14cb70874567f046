package dev.weightinit.cli;

import dev.weightinit.backend.opencl.SignalChaining;
import dev.weightinit.engine.VectorSupport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code weightinit} command. Exit status: 0 on success, 2 for usage errors and bad input
 * (one line on stderr starting {@code error:}), 1 for runtime failures; stack traces only with
 * {@code --verbose}.
 */
@Command(name = "weightinit", mixinStandardHelpOptions = true, versionProvider = WeightInit.Version.class,
        description = "Reproducible neural-network initial weights on OpenCL devices and in Java.",
        subcommands = {DevicesCommand.class, CertifyCommand.class, GenerateCommand.class, InitCommand.class, VerifyCommand.class, LayoutCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class WeightInit {
    /** Set in the relaunched child so it never relaunches again. */
    static final String RELAUNCHED = "WEIGHTINIT_RELAUNCHED";

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WeightInit.class.getPackage().getImplementationVersion();
            return new String[] {"weightinit " + (version == null ? "(development build)" : version) + ", stream spec v"
                    + dev.weightinit.engine.StreamSpec.VERSION};
        }
    }

    public static void main(String[] args) {
        StageProfile.mainMillis = System.currentTimeMillis();
        if (shouldRelaunch()) {
            System.exit(relaunch(args));
        }
        warmOpenClUp(args);
        PrintWriter err = new PrintWriter(System.err, true);
        stopCleanlyOnSignals(err);
        if (System.getenv(RELAUNCHED) != null) {
            dieWithTheLauncher(err);
        }
        System.exit(run(args, new PrintWriter(System.out, true), err));
    }

    /**
     * For {@code init} and {@code generate} on an OpenCL device, loads the OpenCL runtime (the ICD
     * loader, PoCL and its LLVM: about 0.07 s here) on a daemon thread while this one parses the
     * command line and the model; the backend's discovery then finds it loaded. Not for
     * {@code --device cpu}, which never touches OpenCL.
     */
    private static void warmOpenClUp(String[] args) {
        if (args.length == 0 || !(args[0].equals("init") || args[0].equals("generate"))) {
            return;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--device=cpu") || args[i].equals("--device") && i + 1 < args.length && args[i + 1].equals("cpu")) {
                return;
            }
        }
        Thread warmUp = new Thread(dev.weightinit.backend.opencl.OpenClPlatforms::discover, "weightinit-opencl-load");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** Set once a signal is stopping this JVM: later failures of the interrupted work print nothing. */
    private static volatile boolean stopping;

    /**
     * SIGTERM, SIGINT and SIGHUP stop the command with one line on stderr and exit status 128 + the
     * signal's number (143, 130, 129); the shutdown hooks then delete any partial output.
     */
    private static void stopCleanlyOnSignals(PrintWriter err) {
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (!stopping) {
                        stopping = true;
                        err.println("error: stopped by SIG" + signal.getName() + "; " + dev.weightinit.checkpoint.RunState.describe());
                        new Thread(() -> System.exit(128 + signal.getNumber()), "weightinit-stop").start();
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // a platform without this signal (or the JVM's own use of it): keep the default
            }
        }
    }

    /** The restarted worker stops when its launcher is gone (killed with SIGKILL, say), removing its partial output. */
    private static void dieWithTheLauncher(PrintWriter err) {
        ProcessHandle.current().parent().ifPresent(launcher -> launcher.onExit().thenRun(() -> {
            if (!stopping) {
                stopping = true;
                err.println("error: the weightinit launcher (pid " + launcher.pid() + ") ended; stopping; "
                        + dev.weightinit.checkpoint.RunState.describe());
                System.exit(143);
            }
        }));
    }

    /** Runs the command line in this JVM and returns its exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        WeightInit root = new WeightInit();
        CommandLine commandLine = new CommandLine(root);
        // "@FILE" is ours (an initializer's JSON), not picocli's argument file: a file must not add options.
        commandLine.setExpandAtFiles(false);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("error: " + e.getMessage());
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (stopping) {
                return 1; // a signal stops this run; its one line is printed
            }
            if (root.verbose) {
                e.printStackTrace(err);
            }
            err.println("error: " + describe(e));
            return isBadInput(e) ? 2 : 1;
        });
        return commandLine.execute(args);
    }

    /** Bad input exits 2: bad arguments, unreadable or unwritable paths given by the user. */
    static boolean isBadInput(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof UsageError || e instanceof AccessDeniedException
                || e instanceof java.nio.file.NoSuchFileException
                || e instanceof UncheckedIOException unchecked && isBadInput(unchecked.getCause());
    }

    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof FileSystemException fs) {
            return fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT));
        }
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains("No space left")) {
            return "the disk is full: " + io.getMessage();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** A bad command line or input detected by a command. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /**
     * The CLI restarts itself once, in a child JVM, to run under the settings it needs: with the
     * JDK's libjsig preloaded on Linux, because PoCL replaces the JVM's signal handlers (see
     * {@link SignalChaining}); and with the {@code jdk.incubator.vector} module, so that the Java
     * fallback runs its SIMD path ({@link VectorSupport}). It does not restart when it already has
     * both, or cannot have either.
     */
    private static boolean shouldRelaunch() {
        return System.getenv(RELAUNCHED) == null && (needsSignalChaining() || needsVectorModule());
    }

    private static boolean needsSignalChaining() {
        return !SignalChaining.active() && SignalChaining.library().isPresent()
                && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** The module is in this runtime but not resolved, and SIMD is not turned off. */
    private static boolean needsVectorModule() {
        return !Boolean.getBoolean(VectorSupport.DISABLE_PROPERTY) && !VectorSupport.modulePresent()
                && ModuleFinder.ofSystem().find(VectorSupport.MODULE).isPresent();
    }

    /**
     * The launcher passes SIGTERM, SIGINT and SIGHUP on to the worker, which stops cleanly and prints
     * the one line; the launcher then exits with the worker's status.
     */
    private static void forwardSignals(Process child) {
        for (String name : new String[] {"TERM", "INT", "HUP"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    try {
                        // The shell's built-in kill: no /bin/kill needed.
                        new ProcessBuilder("sh", "-c", "kill -" + signal.getName() + " " + child.pid()).start();
                    } catch (IOException e) {
                        child.destroy();
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // keep the default
            }
        }
    }

    private static int relaunch(String[] args) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        boolean addVectorModule = needsVectorModule();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (addVectorModule) {
            command.add("--add-modules");
            command.add(VectorSupport.MODULE);
        }
        if (Runtime.version().feature() >= 22) {
            // What the jar's Enable-Native-Access grants under -jar; the child runs with -cp.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WeightInit.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (addVectorModule) {
            // The child's stderr goes through a filter that drops the JVM's incubator warning; the
            // child is told whether the real stderr is a terminal (for the progress bar).
            builder.redirectError(ProcessBuilder.Redirect.PIPE);
            builder.environment().put(Progress.STDERR_TERMINAL, Progress.stderrIsTerminal() ? "1" : "0");
        }
        if (needsSignalChaining()) {
            String preload = System.getenv("LD_PRELOAD");
            String jsig = SignalChaining.library().orElseThrow().toString();
            builder.environment().put("LD_PRELOAD", preload == null || preload.isBlank() ? jsig : jsig + ":" + preload);
        }
        builder.environment().put(RELAUNCHED, "1");
        try {
            Process child = builder.start();
            forwardSignals(child);
            Thread stderr = null;
            if (addVectorModule) {
                stderr = new Thread(() -> {
                    try {
                        StartupWarningFilter.copy(child.getErrorStream(), System.err);
                    } catch (IOException ignored) {
                        // The child is gone; nothing more to copy.
                    }
                }, "weightinit-stderr");
                stderr.start();
            }
            int status = child.waitFor();
            if (stderr != null) {
                stderr.join();
            }
            return status;
        } catch (IOException e) {
            // Cannot start a child: run here, unprotected, rather than not at all.
            System.err.println("warning: cannot restart with signal chaining and SIMD (" + e.getMessage() + "); continuing without them");
            return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
