package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bridge network: the Linux bridge {@code ignite0} holding the host address {@code .1}, and one
 * TAP per VM attached to it. Devices belong to the network namespace the engine runs in. Guests keep
 * their default route on user networking, so no NAT rules are needed for outbound traffic.
 */
final class LinuxBridge {
    static final String DEVICE = "ignite0";
    static final Subnet SUBNET = new Subnet("10.61.0");
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

    static void ensureBridge() {
        if (exists(DEVICE)) {
            return;
        }
        ip("link", "add", DEVICE, "type", "bridge");
        ip("addr", "add", SUBNET.cidr(1), "dev", DEVICE);
        ip("link", "set", DEVICE, "up");
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
