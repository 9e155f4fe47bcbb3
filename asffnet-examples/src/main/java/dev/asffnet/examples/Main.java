package dev.asffnet.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code asffnet-cli.jar} entry point (picocli): {@code restore}, {@code demo}, {@code evaluate},
 * {@code fit-weights}, {@code prepare-data}. A failure is one line on stderr (the stack trace too with
 * {@code --verbose}); the exit codes are those of {@link Failures} and are listed by {@code --help}.
 */
@Command(name = "asffnet-cli", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {RestoreCommand.class, DemoCommand.class, EvaluateCommand.class, FitWeightsCommand.class,
            PrepareData.class, ConvertCommand.class},
        description = "Exemplar-guided blind face restoration (ASFFNet, Li et al. CVPR 2020).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:success",
            "1:internal error, or (restore of a folder) at least one frame failed",
            "2:bad usage or bad input: unknown option, missing or unreadable file, no face, unsafe output path"})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line message.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: choose one of " + spec.subcommands().keySet());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line {@code args}, writing results to {@code out} and messages to {@code err}.
     *
     * @return the exit code: 0 success, 1 internal error or failed frames, 2 bad usage or input
     */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main()).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> fail(e, verbose(parsed), err));
        try {
            return cl.execute(args);
        } catch (Throwable e) { // an Error (OutOfMemoryError, ...) escapes picocli's handler
            return fail(e, verbose(cl.getParseResult()), err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int fail(Throwable e, boolean verbose, PrintWriter err) {
        err.println("error: " + Failures.describe(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return Failures.exitCode(e);
    }

    private static boolean verbose(ParseResult p) {
        for (ParseResult r = p; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The project version, from {@code version.properties} (filtered by Maven at build time). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"asffnet-cli " + p.getProperty("version", "(unknown version)")};
        }
    }
}
