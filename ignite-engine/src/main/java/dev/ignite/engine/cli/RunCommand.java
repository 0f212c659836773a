package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.ConsoleAttachment;
import dev.ignite.engine.access.DetachKeys;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.BootTimeline;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", description = {"Create and start a VM from IMAGE with KERNEL; it keeps running in the"
        + " background and its ID is printed.",
        "With COMMAND: run it in the VM (words joined with spaces, as ssh does) and exit with its exit code."
                + " With -it: attach to the console after boot. With --ssh: open an ssh session after boot."
                + " With --rm the VM is removed when this command ends."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or unique ID prefix (default image: "
            + Ignite.DEFAULT_IMAGE + ", built on first use).")
    String image;

    @Parameters(index = "1", paramLabel = "KERNEL", description = "Kernel name or unique ID prefix (default kernel: "
            + Ignite.DEFAULT_KERNEL + ", built on first use).")
    String kernel;

    @Parameters(index = "2..*", paramLabel = "COMMAND", description = "Command to run in the VM over SSH; put `--`"
            + " before it when it has options this command also knows.")
    List<String> command = new ArrayList<>();

    @Mixin
    VmOptions options;

    @Option(names = "--rm", description = "Remove the VM when this command ends (the VM then also ends with this"
            + " command, e.g. on Ctrl-C); without it the VM keeps running in the background.")
    boolean remove;

    @Option(names = {"-d", "--detach"}, description = "Leave the VM running after this command exits (the default"
            + " without --rm, as in Ignite; accepted for Docker's habit); `ignite attach`, `logs` and `stop` reach it.")
    boolean detach;

    @Option(names = "--cold", description = "Boot the kernel and the image's init instead of restoring a clone of"
            + " the template for this image, kernel and machine (made once, kept in the store): for tests of boot.")
    boolean cold;

    @Option(names = "--warmup", description = "A command run in the template before it is saved (not with --cold).")
    List<String> warmup = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "With -t: attach to the VM's console once it has booted"
            + " (as `ignite attach`); detaching ends this command, and with --rm removes the VM.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "See -i; `-it` is the usual spelling.")
    boolean tty;

    @Option(names = "--ssh", description = "Open an interactive ssh session once the VM has booted (the host's ssh"
            + " client); its exit ends this command, and with --rm removes the VM.")
    boolean ssh;

    @Option(names = "--detach-keys", paramLabel = "KEYS", defaultValue = AttachCommand.DEFAULT_DETACH_KEYS,
            description = "With -it: keys that detach from the console (default: ${DEFAULT-VALUE}).")
    String detachKeys;

    @Option(names = "--timings", description = "Print how long each step took.")
    boolean timings;

    @Override
    public Integer call() {
        rejectMistypedOptions();
        boolean attach = interactive || tty;
        if (detach && (remove || attach || ssh)) {
            throw new UsageError("-d cannot be combined with --rm, -it or --ssh: a detached VM outlives this"
                    + " command; reach it later with `ignite attach`, `ignite ssh` and `ignite stop`");
        }
        if ((attach ? 1 : 0) + (ssh ? 1 : 0) + (command.isEmpty() ? 0 : 1) > 1) {
            throw new UsageError("choose one of COMMAND, -it and --ssh");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DetachKeys keys = DetachKeys.parse(detachKeys);
        Timings clock = new Timings(timings, err);
        Ignite ignite = Engine.open();
        if (!warmup.isEmpty() && cold) {
            throw new UsageError("--warmup cannot be combined with --cold: warm-up commands run in a clone's template");
        }
        Vm vm;
        try (Progress progress = Progress.on(err)) {
            vm = ignite.launch(options.toSpec(image, kernel), LaunchOptions.builder()
                    .setOwnership(remove ? Ownership.THIS_PROCESS : Ownership.DETACHED)
                    .setBoot(cold ? BootMode.COLD : BootMode.CLONE)
                    .setWarmup(warmup)
                    .setListener(progress.withSteps(clock))
                    .build());
        }
        int exit = 0;
        try {
            if (timings && vm.record().snapshotId() == null) {
                err.print(BootTimeline.parse(vm.serialLog().text()).describe());
            }
            if (attach) {
                if (AttachCommand.attach(vm.console(), vm.name(), keys, err) == ConsoleAttachment.Ending.DETACHED) {
                    err.println("ignite: detached; VM " + vm.name() + (remove ? " is removed" : " is still running"));
                }
            } else if (ssh) {
                exit = SystemSsh.run(ignite, vm, false, List.of(), out, err);
            } else if (!command.isEmpty()) {
                exit = ExecCommand.streamed(vm, ExecRequest.builder(String.join(" ", command))
                        .setTimeout(Duration.ofDays(3650)), out, err);
                clock.lap("ran `" + String.join(" ", command) + "`");
            } else {
                out.println(vm.id());
            }
        } finally {
            if (remove) {
                vm.close();
                clock.lap("VM stopped and removed");
            }
        }
        clock.total();
        return exit;
    }

    /**
     * Options this command does not know become part of COMMAND (so `uname -a` works), which would also
     * swallow a mistyped `--nmae`: an option-like IMAGE, KERNEL or first COMMAND word (without `--`) is
     * reported as the unknown option it most likely is.
     */
    private void rejectMistypedOptions() {
        List<String> suspects = new ArrayList<>(List.of(image, kernel));
        if (!command.isEmpty() && !spec.commandLine().getParseResult().originalArgs().contains("--")) {
            suspects.add(command.get(0));
        }
        for (String word : suspects) {
            if (word.startsWith("-") && word.length() > 1) {
                throw new UnmatchedArgumentException(spec.commandLine(), List.of(word));
            }
        }
    }
}
