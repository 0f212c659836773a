package dev.ignite.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import dev.ignite.engine.manifest.IgniteConfiguration;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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
                VersionCommand.class, CompletionCommand.class},
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

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Machine-parsable output: only IDs"
            + " (lists, run, create), no progress lines.")
    boolean quiet;

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT, description = "The engine's log"
            + " level: trace, debug, info (default), warn, error (as Ignite's flag; read before the engine starts).")
    LogLevel logLevel;

    @Option(names = "--ignite-config", paramLabel = "FILE", scope = ScopeType.INHERIT, description = "Ignite"
            + " configuration (kind: Configuration: vmDefaults, networkPlugin, idPrefix); default: "
            + "/etc/ignite/config.yaml if present.")
    Path igniteConfig;

    enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR }

    /** The root command's global options, as any subcommand sees them. */
    static IgniteCli of(CommandLine.Model.CommandSpec spec) {
        return (IgniteCli) spec.root().userObject();
    }

    IgniteConfiguration configuration() {
        return IgniteConfiguration.load(igniteConfig);
    }

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
        applyLogLevel(args);
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

    /**
     * {@code --log-level} sets SLF4J simple's levels, which it reads once when the first logger is made:
     * so from the arguments, before the engine starts.
     */
    static void applyLogLevel(String... args) {
        for (int i = 0; i < args.length; i++) {
            String level = args[i].startsWith("--log-level=") ? args[i].substring("--log-level=".length())
                    : args[i].equals("--log-level") && i + 1 < args.length ? args[i + 1] : null;
            if (level != null && Arrays.stream(LogLevel.values()).anyMatch(l -> l.name().equalsIgnoreCase(level))) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.toLowerCase(Locale.ROOT));
                System.setProperty("org.slf4j.simpleLogger.log.dev.ignite", level.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The command model with each verb's parsing rules; {@link CliDocs} documents the same model. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new IgniteCli());
        CommandGroups.addTo(cli);
        cli.setCaseInsensitiveEnumValuesAllowed(true); // after the groups: it applies to the subcommands there are
        configureParsing(cli);
        return cli;
    }

    /** Each verb's parsing rules, wherever it appears ({@code ignite run} and {@code ignite vm run}). */
    private static void configureParsing(CommandLine command) {
        Object verb = command.getCommand();
        // `ignite run IMAGE KERNEL uname -a`: after IMAGE and KERNEL, options the CLI does not know belong to
        // the guest command (`--` keeps known ones for it too); RunCommand rejects a mistyped option first.
        if (verb instanceof RunCommand) {
            command.setUnmatchedOptionsArePositionalParams(true);
        }
        // `ignite exec VM ls -la`, `ignite ssh VM ps -ef`: everything after VM is the guest's, as with Docker.
        if (verb instanceof ExecCommand || verb instanceof SshCommand) {
            command.setStopAtPositional(true);
        }
        command.getSubcommands().values().stream().distinct().forEach(IgniteCli::configureParsing);
    }
}
