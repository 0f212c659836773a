package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.store.PrivateFiles;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The bridge network: the Linux bridge {@code ignite0} holding the host address {@code .1}, and one
 * TAP per VM attached to it. Devices belong to the network namespace the engine runs in. Guests keep
 * their default route on user networking, so no NAT rules are needed for outbound traffic. Guests
 * reach no host service through the bridge: the host drops what comes in on {@code ignite0} but
 * replies and pings (chain {@value #CHAIN}); a host port is exposed through the user network's
 * {@code host.ignite.internal} as for any VM. A bridge the engine did not create is never deleted.
 */
final class LinuxBridge {
    static final String DEVICE = "ignite0";
    static final Subnet SUBNET = new Subnet("10.61.0");
    private static final Duration FIREWALL_TIMEOUT = Duration.ofSeconds(30);
    static final String CHAIN = "IGNITE-INPUT";
    /** In the network's folder: the engine created {@code ignite0}, so it deletes it with the network. */
    private static final String CREATED_MARKER = "bridge-created";
    private static final int CAP_NET_ADMIN = 12;

    private LinuxBridge() {
    }

    static void requirePermission() {
        if (!hasNetAdmin()) {
            throw new IgniteException("the bridge network needs root (CAP_NET_ADMIN): use the default user network"
                    + " or vde");
        }
    }

    /** From the effective capability set of this process, which is what {@code ip} will run with. */
    static boolean hasNetAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return new BigInteger(line.substring(7).strip(), 16).testBit(CAP_NET_ADMIN);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    static boolean exists(String device) {
        return Files.exists(Path.of("/sys/class/net", device));
    }

    /** Creates {@code ignite0} unless it exists, recording in {@code networkFolder} that it did. */
    static void ensureBridge(Path networkFolder) {
        if (!exists(DEVICE)) {
            ip("link", "add", DEVICE, "type", "bridge");
            PrivateFiles.createIfMissing(networkFolder.resolve(CREATED_MARKER));
            ip("addr", "add", SUBNET.cidr(1), "dev", DEVICE);
            ip("link", "set", DEVICE, "up");
        }
        ensureFirewall();
    }

    /** Deletes {@code ignite0} and its firewall chain, the bridge only if the engine created it. */
    static void deleteBridge(Path networkFolder) {
        removeFirewall();
        if (Files.exists(networkFolder.resolve(CREATED_MARKER))) {
            delete(DEVICE);
        }
    }

    /** Input from the bridge to the host: replies to the host's own connections and pings pass, the rest is dropped. */
    private static void ensureFirewall() {
        for (HostTool tool : firewalls()) {
            if (HostCommand.run(List.of(HostTools.require(tool).toString(), "-C", "INPUT", "-i", DEVICE, "-j", CHAIN),
                    null, FIREWALL_TIMEOUT).succeeded()) {
                continue;
            }
            HostCommand.run(List.of(HostTools.require(tool).toString(), "-N", CHAIN), null, FIREWALL_TIMEOUT); // may exist
            HostCommand.check(tool, "-F", CHAIN);
            HostCommand.check(tool, "-A", CHAIN, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN");
            if (tool == HostTool.IPTABLES) {
                HostCommand.check(tool, "-A", CHAIN, "-p", "icmp", "--icmp-type", "echo-request", "-j", "RETURN");
            }
            HostCommand.check(tool, "-A", CHAIN, "-j", "DROP");
            HostCommand.check(tool, "-I", "INPUT", "-i", DEVICE, "-j", CHAIN);
        }
    }

    private static void removeFirewall() {
        for (HostTool tool : firewalls()) {
            String command = HostTools.require(tool).toString();
            HostCommand.run(List.of(command, "-D", "INPUT", "-i", DEVICE, "-j", CHAIN), null, FIREWALL_TIMEOUT);
            HostCommand.run(List.of(command, "-F", CHAIN), null, FIREWALL_TIMEOUT);
            HostCommand.run(List.of(command, "-X", CHAIN), null, FIREWALL_TIMEOUT);
        }
    }

    /** IPv6 too where the host has it: a guest would otherwise reach the host at its link-local address. */
    private static List<HostTool> firewalls() {
        return Files.isDirectory(Path.of("/proc/sys/net/ipv6")) ? List.of(HostTool.IPTABLES, HostTool.IP6TABLES)
                : List.of(HostTool.IPTABLES);
    }

    static void ensureTap(String tap) {
        if (!exists(tap)) {
            ip("tuntap", "add", "dev", tap, "mode", "tap");
        }
        ip("link", "set", tap, "master", DEVICE, "up");
    }

    /** Deletes a device if it exists; TAPs and the bridge are the engine's own, named by it. */
    static void delete(String device) {
        if (exists(device)) {
            ip("link", "del", device);
        }
    }

    /** A TAP name from the VM ID, within the kernel's 15 characters. */
    static String tapName(String vmId) {
        return "igt" + vmId.substring(0, Math.min(10, vmId.length()));
    }

    private static CommandResult ip(String... args) {
        return HostCommand.check(HostTool.IP, args);
    }
}
