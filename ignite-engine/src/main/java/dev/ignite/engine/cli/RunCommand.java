package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.access.ConsoleAttachment;
import dev.ignite.engine.access.DetachKeys;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.BootTimeline;
import dev.ignite.engine.vm.LaunchListener;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import dev.ignite.engine.manifest.IgniteConfiguration;
import dev.ignite.engine.manifest.VmObject;
import dev.ignite.engine.recipe.OnTheSpot;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", description = {"Create and start a VM from IMAGE (kernel: -k, else the default); it keeps"
        + " running in the background and its ID is printed. IMAGE and kernel not in the store yet are imported.",
        "With COMMAND: run it in the VM (words joined with spaces, as ssh does) and exit with its exit code."
                + " With -i: attach to the console after boot. With --rm --ssh: open an ssh session after boot."
                + " With --rm the VM is removed when this command ends."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "Image: a name or ID prefix in the"
            + " store, or an OCI image (registry reference, docker-archive:PATH, oci-archive:PATH, oci:DIR) imported"
            + " on first use, as `docker run` pulls (default image: " + Ignite.DEFAULT_IMAGE + ", built on first use).")
    String image;

    @Parameters(index = "1..*", paramLabel = "[KERNEL] COMMAND", description = "Ignite v0.2's form `run IMAGE KERNEL"
            + " [COMMAND]` keeps working; with -k, or with `--` right after IMAGE, every word is COMMAND: run in the"
            + " VM over SSH (put `--` before it when it has options this command also knows).")
    List<String> rest = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Ignite's v1alpha4 objects (VM, Image, Kernel) in"
            + " YAML or JSON instead of IMAGE and flags: images and kernels are imported, VMs run"
            + " (status.running: false only creates them).")
    Path config;

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

    @Option(names = {"-i", "--interactive"}, description = "Attach to the VM's console once it has booted (as"
            + " `ignite attach`, as Ignite's -i); detaching ends this command, and with --rm removes the VM.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "See -i; `-it` is the usual spelling.")
    boolean tty;

    @Option(names = "--detach-keys", paramLabel = "KEYS", defaultValue = AttachCommand.DEFAULT_DETACH_KEYS,
            description = "With -it: keys that detach from the console (default: ${DEFAULT-VALUE}).")
    String detachKeys;

    @Option(names = "--timings", description = "Print how long each step took.")
    boolean timings;

    @Override
    public Integer call() {
        rejectMistypedOptions();
        boolean attach = interactive || tty;
        boolean ssh = remove && options.ssh != null;
        if (detach && (remove || attach)) {
            throw new UsageError("-d cannot be combined with --rm or -it: a detached VM outlives this"
                    + " command; reach it later with `ignite attach`, `ignite ssh` and `ignite stop`");
        }
        PrintWriter out = spec.commandLine().getOut();
        IgniteCli global = IgniteCli.of(spec);
        PrintWriter err = global.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getErr();
        IgniteConfiguration configuration = global.configuration();
        Ignite ignite = Engine.open();
        Timings clock = new Timings(timings, err);
        List<VmSpec> specs = new ArrayList<>();
        List<String> command = rest;
        if (config != null) {
            if (image != null || options.anySpecFlag()) {
                throw new UsageError("--config FILE says what to run: give no IMAGE and no VM flags with it");
            }
            try (Progress progress = Progress.on(err)) {
                for (VmObject vm : ConfigFile.apply(ignite, config, configuration, progress)) {
                    if (!vm.running()) {
                        OnTheSpot.importMissing(ignite, vm.spec(), progress);
                        out.println(ignite.launch(vm.spec(), LaunchOptions.builder().setOwnership(Ownership.DETACHED)
                                .setStart(false).setBoot(BootMode.COLD) // as `ignite create`: no template yet
                                .setListener(LaunchListener.progressTo(progress)).build()).id());
                    } else {
                        specs.add(vm.spec());
                    }
                }
            }
            command = List.of();
        } else {
            if (image == null) {
                throw new UsageError("give IMAGE (e.g. " + Ignite.DEFAULT_IMAGE + ") or --config FILE");
            }
            String kernel = options.kernelOr(configuration);
            if (options.kernel == null && !rest.isEmpty() && !allAfterDoubleDash(rest)) {
                kernel = rest.get(0);
                command = rest.subList(1, rest.size());
            }
            specs.add(options.toSpec(image, kernel, configuration));
        }
        if ((attach ? 1 : 0) + (ssh ? 1 : 0) + (command.isEmpty() ? 0 : 1) > 1) {
            throw new UsageError("choose one of COMMAND, -it and --rm --ssh");
        }
        if (specs.size() > 1 && (attach || ssh || remove)) {
            throw new UsageError(config + " holds " + specs.size() + " VMs: -it, --ssh and --rm need one");
        }
        int exit = 0;
        for (VmSpec vmSpec : specs) {
            exit = run(ignite, vmSpec, command, attach, ssh, out, err, clock);
        }
        clock.total();
        return exit;
    }

    /** Whether every word after IMAGE came after {@code --}: then none of them is a KERNEL. */
    private boolean allAfterDoubleDash(List<String> words) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int dash = args.indexOf("--");
        return dash >= 0 && args.size() - dash - 1 == words.size();
    }

    private int run(Ignite ignite, VmSpec vmSpec, List<String> command, boolean attach, boolean ssh,
                    PrintWriter out, PrintWriter err, Timings clock) {
        DetachKeys keys = DetachKeys.parse(detachKeys);
        if (!warmup.isEmpty() && cold) {
            throw new UsageError("--warmup cannot be combined with --cold: warm-up commands run in a clone's template");
        }
        Vm vm;
        try (Progress progress = Progress.on(err)) {
            OnTheSpot.importMissing(ignite, vmSpec, progress);
            vm = ignite.launch(vmSpec, LaunchOptions.builder()
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
        return exit;
    }

    /**
     * Options this command does not know become part of COMMAND (so `uname -a` works), which would also
     * swallow a mistyped `--nmae`: an option-like IMAGE, KERNEL or first COMMAND word (without `--`) is
     * reported as the unknown option it most likely is.
     */
    private void rejectMistypedOptions() {
        List<String> suspects = new ArrayList<>();
        if (image != null) {
            suspects.add(image);
        }
        if (!rest.isEmpty() && !spec.commandLine().getParseResult().originalArgs().contains("--")) {
            suspects.add(rest.get(0));
            if (rest.size() > 1 && options.kernel == null) {
                suspects.add(rest.get(1));
            }
        }
        for (String word : suspects) {
            if (word.startsWith("-") && word.length() > 1) {
                throw new UnmatchedArgumentException(spec.commandLine(), List.of(word));
            }
        }
    }
}
