package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;

/** The SSH server on a VM's port presented a host key other than the VM's own: the engine does not log in. */
public final class HostKeyMismatchException extends IgniteException {
    HostKeyMismatchException(String host, int port, String expected, String presented, Throwable cause) {
        super("the SSH server at " + host + ":" + port + " presented host key " + abbreviate(presented)
                + ", but the VM's own key is " + abbreviate(expected) + ": refusing to connect (another program on"
                + " the VM's port, or the guest's host key was replaced)", cause);
    }

    private static String abbreviate(String line) {
        return line.length() > 40 ? line.substring(0, 20) + "…" + line.substring(line.length() - 12) : line;
    }
}
