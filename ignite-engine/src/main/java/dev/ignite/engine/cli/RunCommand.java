package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Ownership;
import dev.ignite.engine.vm.Snapshot;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Create and start a VM from IMAGE with KERNEL, in the background; with COMMAND,"
        + " run it in the VM and exit with its exit code.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or ID (default image: "
            + Ignite.DEFAULT_IMAGE + ", built on first use).")
    String image;

    @Parameters(index = "1", paramLabel = "KERNEL", description = "Kernel name or ID (default kernel: "
            + Ignite.DEFAULT_KERNEL + ", built on first use).")
    String kernel;

    @Parameters(index = "2..*", paramLabel = "COMMAND", description = "Command to run in the VM over SSH.")
    List<String> command = new ArrayList<>();

    @Mixin
    VmOptions options;

    @Option(names = "--rm", description = "Remove the VM when the command ends (the VM then also ends with this"
            + " command, e.g. on Ctrl-C); without it the VM keeps running in the background.")
    boolean remove;

    @Option(names = {"-d", "--detach"}, description = "Leave the VM running after this command exits (the default"
            + " without --rm, as in Ignite; accepted for Docker's habit); `ignite attach`, `logs` and `stop` reach it.")
    boolean detach;

    @Option(names = "--from-snapshot", description = "Restore the VM from the snapshot for this image, kernel, spec"
            + " and warm-up (made on first use) instead of booting it: a fraction of a cold boot.")
    boolean fromSnapshot;

    @Option(names = "--warmup", description = "With --from-snapshot: a command run before the snapshot is saved.")
    List<String> warmup = new ArrayList<>();

    @Option(names = "--timings", description = "Print how long each step took.")
    boolean timings;

    @Override
    public Integer call() {
        if (detach && remove) {
            throw new IgniteException("--rm and -d cannot be combined: a detached VM outlives this command; stop"
                    + " and remove it later with `ignite stop` and `ignite rm`");
        }
        Timings clock = new Timings(timings);
        Ignite ignite = Engine.open();
        Engine.ensureDefaultsIfNamed(ignite, image, kernel);
        clock.lap("image and kernel ready");
        VmSpec spec = options.toSpec(image, kernel);
        Snapshot snapshot = null;
        if (fromSnapshot) {
            snapshot = ignite.vms().snapshots().ensure(spec, warmup, Engine::progress);
            clock.lap("snapshot " + snapshot.id() + " ready");
        } else if (!warmup.isEmpty()) {
            throw new IgniteException("--warmup needs --from-snapshot: warm-up commands run before a snapshot is saved");
        }
        Vm vm = ignite.vms().create(spec, remove ? Ownership.THIS_PROCESS : Ownership.DETACHED, snapshot);
        clock.lap("VM " + vm.name() + " created (disk overlay, config drive)");
        int exit = 0;
        try {
            vm.start();
            clock.lap(snapshot != null ? "restored to first SSH answer" : "booted to first SSH answer");
            if (timings && snapshot == null) {
                System.err.print(vm.bootTimeline().describe());
            }
            if (!command.isEmpty()) {
                ExecResult result = vm.exec(String.join(" ", command));
                System.out.print(result.stdout());
                System.err.print(result.stderr());
                exit = result.exitCode();
                clock.lap("ran `" + String.join(" ", command) + "`");
            } else {
                System.out.println(vm.id());
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
}
