package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;

/** A guest TCP port published on the host, like Docker's {@code -p [hostAddress:]hostPort:guestPort}. */
public record PortMapping(String hostAddress, int hostPort, int guestPort) {
    public PortMapping {
        if (guestPort < 1 || guestPort > 65535 || hostPort < 0 || hostPort > 65535) {
            throw new IgniteException("port mapping " + hostPort + ":" + guestPort + " is out of range (1-65535; host 0 = any free port)");
        }
        hostAddress = hostAddress == null || hostAddress.isBlank() ? "127.0.0.1" : hostAddress;
    }

    /** Parses {@code guestPort}, {@code hostPort:guestPort} or {@code hostAddress:hostPort:guestPort}. */
    public static PortMapping parse(String text) {
        String[] parts = text.split(":");
        try {
            return switch (parts.length) {
                case 1 -> new PortMapping(null, 0, Integer.parseInt(parts[0]));
                case 2 -> new PortMapping(null, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                case 3 -> new PortMapping(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException e) {
            throw new IgniteException("port mapping '" + text + "' is not [hostAddress:][hostPort:]guestPort");
        }
    }
}
