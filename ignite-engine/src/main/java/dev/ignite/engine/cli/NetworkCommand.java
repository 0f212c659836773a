package dev.ignite.engine.cli;

import dev.ignite.engine.net.NetworkRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "network", description = "List or remove shared networks (made when their first VM is created).",
        subcommands = {NetworkCommand.Ls.class, NetworkCommand.Rm.class})
final class NetworkCommand {
    @Command(name = "ls", description = {"List networks with their subnets and VMs.",
            "--format fields: {{.Name}} {{.Mode}} {{.Subnet}} {{.VMs}} {{.Created}}."})
    static final class Ls implements Callable<Integer> {
        static final Listing<NetworkRecord> LISTING = new Listing<NetworkRecord>("Name")
                .column("Name", "NAME", NetworkRecord::name)
                .column("Mode", "MODE", network -> network.mode().name().toLowerCase(Locale.ROOT))
                .column("Subnet", "SUBNET", network -> String.valueOf(network.subnet()))
                .column("VMs", "VMS", network -> network.members().stream()
                        .map(m -> m.hostname() + "=" + m.address()).collect(Collectors.joining(" ")))
                .field("Created", "CREATED", network -> Ago.since(network.created(), Instant.now()));

        @Spec
        CommandSpec spec;

        @Mixin
        ListOptions list;

        @Override
        public Integer call() {
            LISTING.print(spec.commandLine().getOut(), Engine.open().networks().list(), list);
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove networks that have no VMs: stops their switch or bridge.")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NETWORK", arity = "1..*", description = "Network names.")
        List<String> names;

        @Override
        public Integer call() {
            var networks = Engine.open().networks();
            for (String name : names) {
                networks.remove(name);
                spec.commandLine().getOut().println(name);
            }
            return 0;
        }
    }
}
