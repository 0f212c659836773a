package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;

import java.util.Locale;

/**
 * A guest port published on the host, like Docker's {@code -p [hostAddress:]hostPort:guestPort[/udp]}
 * and Ignite's {@code -p}: TCP unless {@code protocol} is {@code udp}.
 */
public record PortMapping(String hostAddress, int hostPort, int guestPort, String protocol) {
    public PortMapping {
        if (guestPort < 1 || guestPort > 65535 || hostPort < 0 || hostPort > 65535) {
            throw new IgniteException("port mapping " + hostPort + ":" + guestPort + " is out of range (1-65535; host 0 = any free port)");
        }
        hostAddress = hostAddress == null || hostAddress.isBlank() ? "127.0.0.1" : hostAddress;
        protocol = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT); // older records have none
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IgniteException("port mapping protocol '" + protocol + "' is neither tcp nor udp");
        }
    }

    public PortMapping(String hostAddress, int hostPort, int guestPort) {
        this(hostAddress, hostPort, guestPort, "tcp");
    }

    /** Parses {@code [[hostAddress:]hostPort:]guestPort[/tcp|/udp]}. */
    public static PortMapping parse(String text) {
        int slash = text.indexOf('/');
        String protocol = slash < 0 ? "tcp" : text.substring(slash + 1);
        String[] parts = (slash < 0 ? text : text.substring(0, slash)).split(":");
        try {
            return switch (parts.length) {
                case 1 -> new PortMapping(null, 0, Integer.parseInt(parts[0]), protocol);
                case 2 -> new PortMapping(null, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), protocol);
                case 3 -> new PortMapping(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), protocol);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException e) {
            throw new IgniteException("port mapping '" + text + "' is not [hostAddress:][hostPort:]guestPort[/udp]");
        }
    }

    /** The form {@link #parse} reads: {@code 127.0.0.1:8080:80}, {@code 127.0.0.1:5353:53/udp}. */
    @Override
    public String toString() {
        return hostAddress + ":" + hostPort + ":" + guestPort + (protocol.equals("tcp") ? "" : "/" + protocol);
    }
}
