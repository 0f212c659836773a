package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ssh", description = {"Open a shell in a running VM over SSH (the host's ssh client, as root, with"
        + " the store's key), or run COMMAND there and exit with its exit code.",
        "Host keys are neither checked nor remembered: each VM makes its own, on 127.0.0.1."})
final class SshCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VM", description = "VM name or unique ID prefix.")
    String vm;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command for the guest's shell (words joined"
            + " with spaces, as ssh does); none: an interactive shell.")
    List<String> command = new ArrayList<>();

    @Option(names = {"-t", "--tty"}, description = "Give COMMAND a terminal (for full-screen programs like top).")
    boolean tty;

    @Option(names = {"-i", "--identity"}, paramLabel = "FILE", description = "Your private key, authorized with"
            + " `run --ssh=FILE.pub` (as Ignite's -i); default: the store's key.")
    Path identity;

    @Override
    public Integer call() {
        Ignite ignite = Engine.open();
        if (identity != null && !java.nio.file.Files.isReadable(identity)) {
            throw new UsageError("-i " + identity + ": no readable private key there");
        }
        return SystemSsh.run(ignite, ignite.vms().get(vm), identity, tty, command, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }
}
