package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.net.NetworkMode;

/**
 * The link of a VM's NIC on its shared network (vde or bridge), for fault injection: {@link #down()}
 * is a pulled cable (the guest sees carrier loss, nothing passes), {@link #up()} plugs it back;
 * {@link #partitionFrom} cuts two members apart while both still reach the rest. The user-network
 * NIC that carries SSH is never touched, so the test keeps control of the VM.
 */
public final class NetworkLink {
    /** QEMU's netdev id of the first shared NIC; {@code net0} is the user network. */
    static final String SHARED_NETDEV = "net1";

    private final Vm vm;

    NetworkLink(Vm vm) {
        this.vm = vm;
    }

    public void down() {
        set(false);
    }

    public void up() {
        set(true);
    }

    /**
     * Cuts this VM off from {@code peer} on their shared network while both keep reaching every other
     * member: each side gets a blackhole route to the other's address (looked up in its
     * {@code /etc/hosts}, which the engine keeps current). {@link #heal} removes the routes.
     */
    public void partitionFrom(Vm peer) {
        blackhole(vm, peer, "add");
        blackhole(peer, vm, "add");
    }

    public void heal(Vm peer) {
        blackhole(vm, peer, "del");
        blackhole(peer, vm, "del");
    }

    private static void blackhole(Vm from, Vm to, String action) {
        if (from.spec().networkRef().mode() == NetworkMode.USER || !from.spec().network().equals(to.spec().network())) {
            throw new IgniteException("VMs " + from.name() + " and " + to.name() + " are not on one shared network:"
                    + " a partition needs both on the same vde network or the bridge");
        }
        String host = to.name().replace('_', '-');
        from.execOrFail("ip=$(awk '$2 == \"" + host + "\" {print $1; exit}' /etc/hosts)"
                + " && [ -n \"$ip\" ] || { echo \"no address for " + host + " in /etc/hosts\" >&2; exit 1; }"
                + " && ip route " + action + " blackhole \"$ip\"/32");
    }

    private void set(boolean up) {
        if (vm.spec().networkRef().mode() == NetworkMode.USER) {
            throw new IgniteException("VM " + vm.name() + " is on the user network only: link faults need a shared"
                    + " network (vde NAME or bridge), the user NIC carries SSH");
        }
        vm.setLink(SHARED_NETDEV, up);
    }
}
