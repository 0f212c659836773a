package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.vm.Vm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "exec", description = {"Run COMMAND in a running VM as root and exit with its exit code; its output"
        + " streams line by line.",
        "The words of COMMAND are joined with spaces and run by the guest's shell, as ssh does: quote"
                + " pipes and variables (`ignite exec my-vm 'ls / | wc -l'`)."})
final class ExecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "VM", description = "VM name or unique ID prefix.")
    String vm;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Environment variable for COMMAND;"
            + " repeatable.")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Absolute guest folder to run COMMAND in.")
    String workdir;

    @Option(names = {"-i", "--interactive"}, description = "Pass this command's standard input to COMMAND (read to"
            + " its end first, so not for interactive programs: use -t or `ignite ssh`).")
    boolean stdin;

    @Option(names = {"-t", "--tty"}, description = "Run COMMAND in a terminal through the host's ssh client (like"
            + " `ignite ssh -t VM COMMAND`), for interactive and full-screen programs.")
    boolean tty;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0", description = "Give up after SECONDS"
            + " (default: no limit).")
    long timeoutSeconds;

    @Override
    public Integer call() {
        Ignite ignite = Engine.open();
        Vm target = ignite.vms().get(vm);
        if (tty) {
            if (!env.isEmpty() || workdir != null) {
                throw new UsageError("-e and -w work without -t only; with a terminal, put them in the command"
                        + " (`env KEY=VALUE`, `cd DIR &&`)");
            }
            return SystemSsh.run(ignite, target, true, command, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        ExecRequest.Builder request = ExecRequest.builder(String.join(" ", command))
                .setTimeout(timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : Duration.ofDays(3650));
        try {
            env.forEach(request::addEnv);
            if (workdir != null) {
                request.setWorkingDirectory(workdir);
            }
        } catch (IllegalArgumentException badInput) {
            throw new UsageError(badInput.getMessage());
        }
        if (stdin) {
            request.setStdin(readStdin());
        }
        return streamed(target, request, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the request with its output printed as it arrives; returns the guest command's exit code. */
    static int streamed(Vm vm, ExecRequest.Builder request, PrintWriter out, PrintWriter err) {
        return vm.exec(request.setStdoutSink(line -> printLine(out, line))
                .setStderrSink(line -> printLine(err, line)).build()).exitCode();
    }

    private static void printLine(PrintWriter to, String line) {
        synchronized (to) {
            to.println(line);
            to.flush();
        }
    }

    private static String readStdin() {
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }
}
