package dev.ignite.engine.net;

/**
 * The one name by which a guest reaches its host: {@code host.ignite.internal}, an address on the
 * user network where only the host ports a VM exposes are forwarded (to the host's 127.0.0.1). The
 * user network is otherwise restricted: the gateway 10.0.2.2 forwards nothing to the host.
 */
public final class HostAlias {
    public static final String NAME = "host.ignite.internal";
    /** Inside QEMU's user network (10.0.2.0/24), apart from its gateway (.2) and DNS (.3). */
    public static final String ADDRESS = "10.0.2.100";

    private HostAlias() {
    }

    /** The guest's {@code /etc/hosts} line for the alias. */
    static String hostsLine() {
        return ADDRESS + " " + NAME + "\n";
    }
}
