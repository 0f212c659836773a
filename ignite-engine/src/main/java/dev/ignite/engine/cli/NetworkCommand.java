package dev.ignite.engine.cli;

import dev.ignite.engine.net.NetworkRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

@Command(name = "network", description = "List or remove shared networks (made when their first VM is created).",
        subcommands = {NetworkCommand.Ls.class, NetworkCommand.Rm.class})
final class NetworkCommand {
    @Command(name = "ls", description = "List networks with their subnets and VMs.")
    static final class Ls implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            System.out.printf("%-16s %-7s %-15s %s%n", "NAME", "MODE", "SUBNET", "VMS");
            for (NetworkRecord network : Engine.open().networks().list()) {
                System.out.printf("%-16s %-7s %-15s %s%n", network.name(), network.mode().name().toLowerCase(Locale.ROOT),
                        network.subnet(), network.members().stream()
                                .map(m -> m.hostname() + "=" + m.address()).collect(Collectors.joining(" ")));
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove networks that have no VMs: stops their switch or bridge.")
    static final class Rm implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "NETWORK", arity = "1..*", description = "Network names.")
        List<String> names;

        @Override
        public Integer call() {
            var networks = Engine.open().networks();
            for (String name : names) {
                networks.remove(name);
                System.out.println(name);
            }
            return 0;
        }
    }
}
