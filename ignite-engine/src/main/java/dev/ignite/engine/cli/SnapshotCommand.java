package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "snapshot", description = "Make, list and remove the templates (snapshots) VMs are cloned from;"
        + " the store keeps them within ignite.snapshots.budget / IGNITE_SNAPSHOTS_BUDGET (default 4G), least"
        + " recently used removed first.",
        subcommands = {SnapshotCommand.Create.class, SnapshotCommand.Ls.class, SnapshotCommand.Rm.class,
                SnapshotCommand.Prune.class})
final class SnapshotCommand {
    @Command(name = "create", description = "Boot IMAGE on KERNEL once, run the warm-up commands, save it; prints the"
            + " snapshot ID. Reused when it exists (keyed by image, kernel, spec, warm-up and QEMU).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or ID.")
        String image;

        @Parameters(index = "1", paramLabel = "KERNEL", description = "Kernel name or ID.")
        String kernel;

        @Mixin
        VmOptions options;

        @Option(names = "--warmup", description = "A command run in the VM before it is saved (repeatable).")
        List<String> warmup = new ArrayList<>();

        @Override
        public Integer call() {
            Ignite ignite = Engine.open();
            Snapshot snapshot;
            try (Progress progress = Progress.on(spec.commandLine().getErr())) {
                snapshot = ignite.vms().snapshots().ensure(options.toSpec(image, kernel,
                        IgniteCli.of(spec).configuration()), warmup, progress);
            }
            spec.commandLine().getOut().println(snapshot.id());
            return 0;
        }
    }

    @Command(name = "ls", description = {"List snapshots.",
            "--format fields: {{.ID}} {{.Image}} {{.Kernel}} {{.CPUs}} {{.Memory}} {{.SaveMs}} {{.Warmup}} {{.Size}}"
                    + " {{.LastUsed}} {{.Created}}."})
    static final class Ls implements Callable<Integer> {
        static final Listing<Snapshot> LISTING = new Listing<Snapshot>("ID")
                .column("ID", "SNAPSHOT ID", Snapshot::id)
                .column("Image", "IMAGE", Snapshot::imageId)
                .column("Kernel", "KERNEL", Snapshot::kernelId)
                .column("CPUs", "CPUS", s -> Integer.toString(s.cpus()))
                .column("Memory", "MEMORY", s -> s.memoryMib() + "M")
                .column("SaveMs", "SAVE MS", s -> Long.toString(s.saveMillis()))
                .column("Warmup", "WARM-UP", s -> String.join("; ", s.warmup()))
                .column("Size", "SIZE", s -> (s.bytesOnDisk() >> 20) + "M")
                .column("LastUsed", "LAST USED", s -> Ago.since(s.lastUsed(), Instant.now()))
                .field("Created", "CREATED", s -> Ago.since(s.created(), Instant.now()));

        @Spec
        CommandSpec spec;

        @Mixin
        ListOptions list;

        @Override
        public Integer call() {
            LISTING.print(spec.commandLine().getOut(), Engine.open().vms().snapshots().list(), list);
            return 0;
        }
    }

    @Command(name = "prune", description = "Remove every snapshot no VM is made from (they are made again on use);"
            + " prints their IDs.")
    static final class Prune implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Engine.open().vms().snapshots().prune().forEach(spec.commandLine().getOut()::println);
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove snapshots that no VM is made from.")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SNAPSHOT", arity = "1..*", description = "Snapshot IDs (unique prefixes work).")
        List<String> ids;

        @Override
        public Integer call() {
            var snapshots = Engine.open().vms().snapshots();
            for (String id : ids) {
                snapshots.remove(id);
                spec.commandLine().getOut().println(id);
            }
            return 0;
        }
    }
}
