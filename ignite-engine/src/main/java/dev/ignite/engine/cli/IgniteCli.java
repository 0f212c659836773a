package dev.ignite.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.Arrays;

/** The {@code ignite} command: Ignite's and Docker's verbs over the engine. */
@Command(name = "ignite", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = VersionCommand.Provider.class,
        description = "MicroVMs that look like containers: build images from OCI images, run them as VMs.",
        subcommands = {RunCommand.class, CreateCommand.class, StartCommand.class, StopCommand.class,
                KillCommand.class, RmCommand.class, PsCommand.class, LogsCommand.class, AttachCommand.class,
                ExecCommand.class, SshCommand.class, CpCommand.class, InspectCommand.class,
                BuildCommand.class, ImagesCommand.class, RmiCommand.class, KernelsCommand.class, RmkCommand.class,
                NetworkCommand.class, SnapshotCommand.class, BenchCommand.class, DoctorCommand.class,
                VersionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:engine error (the message says what failed and what to do)",
                "2:usage error (unknown command or option, bad value)",
                "N:`exec`, `ssh` and `run IMAGE KERNEL CMD` exit with the guest command's code"})
public final class IgniteCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces with errors"
            + " (also: IGNITE_DEBUG=1).")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command line with its output and errors going to {@code out} and {@code err}; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug") || System.getenv("IGNITE_DEBUG") != null;
        CliErrors errors = new CliErrors(debug);
        CommandLine cli = commandLine().setOut(out).setErr(err)
                .setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command model with each verb's parsing rules; {@link CliDocs} documents the same model. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new IgniteCli()).setCaseInsensitiveEnumValuesAllowed(true);
        // `ignite run IMAGE KERNEL uname -a`: after IMAGE and KERNEL, options the CLI does not know belong to
        // the guest command (`--` keeps known ones for it too); RunCommand rejects a mistyped option first.
        cli.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        // `ignite exec VM ls -la`, `ignite ssh VM ps -ef`: everything after VM is the guest's, as with Docker.
        cli.getSubcommands().get("exec").setStopAtPositional(true);
        cli.getSubcommands().get("ssh").setStopAtPositional(true);
        return cli;
    }
}
