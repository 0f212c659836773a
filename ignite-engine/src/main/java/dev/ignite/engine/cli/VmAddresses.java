package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.net.NetworkMember;
import dev.ignite.engine.net.NetworkRecord;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmState;

import java.util.ArrayList;
import java.util.List;

/**
 * A running VM's guest addresses, as Ignite's {@code status.network.ipAddresses}: the user network's
 * (QEMU gives every guest 10.0.2.15; hosts reach it through forwarded ports) and its address on a
 * shared network (vde or bridge), which other VMs and, on a bridge, the host reach directly.
 */
final class VmAddresses {
    static final String USER_NETWORK_ADDRESS = "10.0.2.15";

    private final List<NetworkRecord> networks;

    private VmAddresses(List<NetworkRecord> networks) {
        this.networks = networks;
    }

    /** One read of the store's networks for many VMs. */
    static VmAddresses of(Ignite ignite) {
        return new VmAddresses(ignite.networks().list());
    }

    List<String> of(VmRecord vm) {
        List<String> addresses = new ArrayList<>();
        if (vm.state() != VmState.RUNNING) {
            return addresses;
        }
        addresses.add(USER_NETWORK_ADDRESS);
        for (NetworkRecord network : networks) {
            network.members().stream().filter(m -> m.vmId().equals(vm.id())).map(NetworkMember::address)
                    .map(address -> address.replaceFirst("/\\d+$", "")).forEach(addresses::add);
        }
        return addresses;
    }
}
