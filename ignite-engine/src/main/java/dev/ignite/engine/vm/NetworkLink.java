package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.net.NetworkMode;

/**
 * The link of a VM's NIC on its shared network (vde or bridge), for fault injection: {@link #down()}
 * is a pulled cable (the guest sees carrier loss, nothing passes), {@link #up()} plugs it back. The
 * user-network NIC that carries SSH is never touched, so the test keeps control of the VM.
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

    private void set(boolean up) {
        if (vm.spec().networkRef().mode() == NetworkMode.USER) {
            throw new IgniteException("VM " + vm.name() + " is on the user network only: link faults need a shared"
                    + " network (vde NAME or bridge), the user NIC carries SSH");
        }
        vm.setLink(SHARED_NETDEV, up);
    }
}
