package dev.ignite.engine.vm;

import dev.ignite.engine.net.MacAddress;

/**
 * A clone's NIC on a shared network takes its own MAC and address over from its template's: the
 * guest's driver restored the template's MAC and the template's address, so both are set in the
 * guest after the restore (the driver passes the MAC on to the device). The NIC is found by the
 * template's MAC, since several virtio NICs are not probed in a fixed order.
 */
record SharedNicChange(String templateMac, String mac, String address) {
    /** The shared NIC is the VM's second (the first is QEMU's user network, for SSH). */
    static SharedNicChange of(String templateVmId, String vmId, String address) {
        return new SharedNicChange(MacAddress.of(templateVmId, 1), MacAddress.of(vmId, 1), address);
    }

    /** POSIX sh and {@code ip} (busybox's or iproute2's); addresses and MACs are the engine's own. */
    String shellLine() {
        return "nic=; for f in /sys/class/net/*/address; do read -r a <\"$f\"; [ \"$a\" = " + templateMac
                + " ] && { nic=${f%/address}; nic=${nic##*/}; }; done"
                + "; [ -n \"$nic\" ] || { echo 'no NIC with the template MAC " + templateMac + "' >&2; exit 1; }"
                + "; ip link set dev \"$nic\" down && ip link set dev \"$nic\" address " + mac
                + " && ip addr flush dev \"$nic\" && ip link set dev \"$nic\" up && ip addr add " + address
                + " dev \"$nic\"";
    }
}
