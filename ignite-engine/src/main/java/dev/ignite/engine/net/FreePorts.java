package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Host ports for forwards: asked of the kernel, then handed to the VMM (which reports a lost race). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int pick(String hostAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(hostAddress))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IgniteException("cannot find a free port on " + hostAddress + ": " + e.getMessage(), e);
        }
    }

    /** Fails with a clear message when the port is taken, before a VM is started with it. */
    public static void requireFree(String hostAddress, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(hostAddress))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IgniteException("host port " + hostAddress + ":" + port + " is already in use: publish on"
                    + " another port, or give 0 to take any free one");
        }
    }
}
