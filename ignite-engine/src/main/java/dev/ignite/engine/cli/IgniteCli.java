package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ignite} command: Ignite's and Docker's verbs over the engine. */
@Command(name = "ignite", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "MicroVMs that look like containers: build images from OCI images, run them as VMs.",
        subcommands = {RunCommand.class, CreateCommand.class, StartCommand.class, StopCommand.class,
                KillCommand.class, RmCommand.class, PsCommand.class, LogsCommand.class, AttachCommand.class,
                BuildCommand.class, ImagesCommand.class, RmiCommand.class, KernelsCommand.class, RmkCommand.class,
                NetworkCommand.class, SnapshotCommand.class, BenchCommand.class, VersionCommand.class})
public final class IgniteCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        // `ignite run IMAGE KERNEL uname -a`: options the CLI does not know belong to the guest command;
        // `--` before the command also keeps known ones (`-- uname -m`) for the guest.
        CommandLine cli = new CommandLine(new IgniteCli()).setUnmatchedOptionsArePositionalParams(true);
        boolean debug = java.util.Arrays.asList(args).contains("--debug") || System.getenv("IGNITE_DEBUG") != null;
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (debug || !(e instanceof IgniteException)) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("ignite: " + e.getMessage());
            }
            return 1;
        });
        return cli.execute(args);
    }
}
