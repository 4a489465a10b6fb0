package dev.trafficcam.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The operators' commands, one entry point for the local stack and for a deployed stack: {@code ./run-local COMMAND}
 * runs this jar ({@code java -jar ops/target/ops-*-cli.jar COMMAND} does the same without the script).
 *
 * <p>Exit codes, the same for every command: 0 done, 1 refused or failed (what went wrong on stderr, never a stack
 * trace), 2 bad arguments (what is wrong and the command's usage on stderr). {@code --help} and {@code --version} exit
 * 0.
 */
@Command(
        name = "./run-local",
        // every command and subcommand answers --help and --version
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Ops.Version.class,
        description = "The operators' commands, against the local stack (the default) or a deployed one.",
        subcommands = {
            CamerasCommand.class,
            ViewersCommand.class,
            ReplayCommand.class,
            PostDeployCheckCommand.class,
            EvaluateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Ops implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command");
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line; its exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new Ops());
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler(Ops::badArguments);
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            failed.getErr().println(name(failed) + ": " + message(e));
            return 1;
        });
        return line;
    }

    /** What is wrong, named by the command, and the usage of the command that was given. */
    private static int badArguments(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched
                && !failed.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().getFirst().startsWith("-")) {
            message = "unknown command '" + unmatched.getUnmatched().getFirst() + "'";
        }
        err.println(name(failed) + ": " + message);
        failed.usage(err);
        return 2;
    }

    /** The command as an operator knows it: {@code cameras}, {@code replay}, ...; the script's name at the top. */
    private static String name(CommandLine command) {
        CommandLine top = command;
        while (top.getParent() != null && top.getParent().getParent() != null) {
            top = top.getParent();
        }
        return top.getCommandName();
    }

    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The build's version, from the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Ops.class.getResourceAsStream("/ops.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"traffic-camera ops " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
