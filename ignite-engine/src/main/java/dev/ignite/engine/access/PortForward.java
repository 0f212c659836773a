package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A host port on 127.0.0.1 that reaches a guest port through the VM's SSH connection (direct-tcpip),
 * so any guest port is reachable without publishing it at boot. Each forward has an SSH connection
 * of its own and each accepted socket a channel on it; if that connection drops, a new one takes
 * over. Closing the forward frees the host port; stopping the VM closes it too.
 */
public final class PortForward implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortForward.class);

    private final SshAccess access;
    private final int guestPort;
    private final ServerSocket serverSocket;
    private final Thread listener;
    private volatile boolean closed;

    private PortForward(SshAccess access, int guestPort, ServerSocket serverSocket) {
        this.access = access;
        this.guestPort = guestPort;
        this.serverSocket = serverSocket;
        this.listener = new Thread(this::listen, "ignite-forward-" + serverSocket.getLocalPort() + "-to-" + guestPort);
        this.listener.setDaemon(true);
    }

    static PortForward open(SshAccess access, int guestPort) {
        if (guestPort < 1 || guestPort > 65535) {
            throw new IllegalArgumentException("guest port must be within 1-65535 but was: " + guestPort);
        }
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            PortForward forward = new PortForward(access, guestPort, socket);
            forward.listener.start();
            return forward;
        } catch (IOException e) {
            throw new IgniteException("cannot open a local port on 127.0.0.1 to forward guest port " + guestPort
                    + ": " + e.getMessage(), e);
        }
    }

    /** The port on 127.0.0.1 to connect to. */
    public int localPort() {
        return serverSocket.getLocalPort();
    }

    public int guestPort() {
        return guestPort;
    }

    public InetSocketAddress localAddress() {
        return new InetSocketAddress(serverSocket.getInetAddress(), localPort());
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Runs on a connection of its own, so its channels never share one with running commands. */
    private void listen() {
        SshConnection connection = null;
        while (!closed) {
            try {
                if (connection == null || !connection.isConnected()) {
                    if (connection != null) {
                        access.discard(connection);
                    }
                    connection = access.connect();
                }
            } catch (RuntimeException e) {
                LOG.warn("forward 127.0.0.1:{} -> guest port {} stops: {}", localPort(), guestPort, e.getMessage());
                close();
                return;
            }
            try {
                // Returns once this forward is closed; throws when a channel could not be opened.
                connection.forwarder(serverSocket, guestPort).listen();
            } catch (IOException e) {
                // A refused channel (nothing listens on the guest port) cost only that socket; a
                // dropped connection is replaced before listening again.
                LOG.debug("forward to guest port {}: {}", guestPort, e.toString());
            }
        }
        if (connection != null) {
            access.discard(connection);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Interrupt first: sshj's accept loop only ends on an interrupt, a closed socket alone makes it spin.
        listener.interrupt();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // Nothing else holds the port.
        }
        access.forget(this);
    }

    @Override
    public String toString() {
        return "127.0.0.1:" + localPort() + " -> guest port " + guestPort + (closed ? " (closed)" : "");
    }
}
