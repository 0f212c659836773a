package dev.ignite.engine.access;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where the host reaches a VM's guest agent: the VM's unix socket, and, when the VMM multiplexes
 * vsock connections on it (Firecracker's hybrid vsock), the guest port to ask for with
 * {@code CONNECT <port>\n} before the agent's protocol starts. Under QEMU the socket is joined to the
 * guest's virtio-serial port directly.
 */
public record AgentAddress(Path socket, OptionalInt vsockPort) {
    public AgentAddress {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(vsockPort, "vsockPort");
    }

    /** A socket the VMM joins to the guest's virtio-serial port (QEMU). */
    public static AgentAddress virtioSerial(Path socket) {
        return new AgentAddress(socket, OptionalInt.empty());
    }

    /** A hybrid vsock socket (Firecracker): each connection asks for the guest's vsock {@code port}. */
    public static AgentAddress hybridVsock(Path socket, int port) {
        if (port <= 0) {
            throw new IllegalArgumentException("a vsock port is positive: " + port);
        }
        return new AgentAddress(socket, OptionalInt.of(port));
    }

    /**
     * What our init is told on the kernel command line so that the agent listens where this address
     * reaches it; empty for virtio-serial, the default.
     */
    public String kernelArgument() {
        return vsockPort.isPresent() ? "ignite.agent=vsock:" + vsockPort.getAsInt() : "";
    }
}
