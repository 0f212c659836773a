package dev.ignite.engine.net;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What {@link BridgeNetworkIT} runs in a child JVM inside a network namespace of its own: two VMs (clones) on
 * the bridge network reach each other by name, the bridge's host address answers their pings but
 * no host service there takes their connections, the host side reaches them, the bridge, TAPs and
 * firewall chain are gone with the VMs; a bridge made beforehand by hand is used and left alone. Prints {@link #PASSED} on success.
 */
public final class BridgeScenario {
    static final String PASSED = "bridge scenario passed";

    public static void main(String[] args) throws Exception {
        String suffix = args[0];
        Ignite ignite = TestEngine.openWithDefaults();
        List<String> names = List.of("br-a-" + suffix, "br-b-" + suffix);
        List<Vm> vms = new CopyOnWriteArrayList<>();
        List<String> taps = new ArrayList<>();
        try {
            CompletableFuture.allOf(names.stream().map(name -> CompletableFuture.runAsync(() -> vms.add(ignite.launch(
                    VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setName(name).setMemoryMib(160)
                            .setNetwork("bridge").setBootTimeout(Duration.ofMinutes(4)).build()))))
                    .toArray(CompletableFuture[]::new)).join();
            NetworkRecord bridge = ignite.networks().find("bridge").orElseThrow();
            bridge.members().forEach(m -> taps.add(m.tap()));
            check(Files.exists(Path.of("/sys/class/net", LinuxBridge.DEVICE)), "bridge ignite0 exists");
            for (Vm vm : vms) {
                check(vm.record().snapshotId() != null, vm.name() + " is a clone (the default), with its own MAC and address");
                String other = names.stream().filter(n -> !n.equals(vm.name())).findFirst().orElseThrow();
                ExecResult ping = vm.exec("ping -c1 -W2 " + other + " && ping -c1 -W2 " + LinuxBridge.SUBNET.hostAddress());
                check(ping.succeeded(), vm.name() + " pings " + other + " and the bridge: " + ping);
            }
            for (NetworkMember member : bridge.members()) {
                Process ping = new ProcessBuilder("busybox", "ping", "-c1", "-W2", member.address()).inheritIO().start();
                check(ping.waitFor() == 0, "the host side pings " + member.hostname() + " at " + member.address());
            }
            try (ServerSocket service = new ServerSocket(0, 10, InetAddress.getByName(LinuxBridge.SUBNET.hostAddress()))) {
                AtomicInteger accepted = new AtomicInteger();
                Thread acceptor = new Thread(() -> {
                    while (!service.isClosed()) {
                        try (Socket ignored = service.accept()) {
                            accepted.incrementAndGet();
                        } catch (IOException e) {
                            // closed
                        }
                    }
                });
                acceptor.setDaemon(true);
                acceptor.start();
                for (Vm vm : vms) {
                    vm.exec("nc -w 3 " + LinuxBridge.SUBNET.hostAddress() + " " + service.getLocalPort() + " </dev/null");
                }
                check(accepted.get() == 0, "no guest reaches a host service on " + LinuxBridge.SUBNET.hostAddress()
                        + " (connections: " + accepted.get() + ")");
            }
        } finally {
            for (Vm vm : vms) {
                vm.close();
            }
        }
        check(ignite.networks().find("bridge").isEmpty(), "the bridge network's record is gone");
        check(!Files.exists(Path.of("/sys/class/net", LinuxBridge.DEVICE)), "bridge ignite0 is gone");
        for (String tap : taps) {
            check(!Files.exists(Path.of("/sys/class/net", tap)), "TAP " + tap + " is gone");
        }
        check(!HostCommand.run(List.of("iptables", "-S"), null, Duration.ofSeconds(10)).stdout()
                .contains(LinuxBridge.CHAIN), "the firewall chain is gone with the network");

        // A bridge named ignite0 that was there before is used, and left in place.
        HostCommand.check(HostTool.IP, "link", "add", LinuxBridge.DEVICE, "type", "bridge");
        HostCommand.check(HostTool.IP, "addr", "add", LinuxBridge.SUBNET.cidr(1), "dev", LinuxBridge.DEVICE);
        HostCommand.check(HostTool.IP, "link", "set", LinuxBridge.DEVICE, "up");
        try (Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setName("br-c-" + suffix)
                .setMemoryMib(160).setNetwork("bridge").setBootTimeout(Duration.ofMinutes(4)).build())) {
            check(vm.exec("ping -c1 -W2 " + LinuxBridge.SUBNET.hostAddress()).succeeded(), "a VM uses the existing bridge");
        }
        check(Files.exists(Path.of("/sys/class/net", LinuxBridge.DEVICE)), "a bridge the engine did not create stays");
        HostCommand.check(HostTool.IP, "link", "del", LinuxBridge.DEVICE);
        System.out.println(PASSED);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
        System.out.println("ok: " + what);
    }
}
