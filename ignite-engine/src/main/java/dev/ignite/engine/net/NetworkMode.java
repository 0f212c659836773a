package dev.ignite.engine.net;

/** How a VM is networked beyond its first NIC, which is always QEMU user networking (SSH on 127.0.0.1). */
public enum NetworkMode {
    /** User networking only: unprivileged, no VM-to-VM traffic. */
    USER,
    /** A second NIC on a named vde_switch: unprivileged, VMs on one network reach each other. */
    VDE,
    /** A second NIC on a TAP in the Linux bridge {@code ignite0}: needs CAP_NET_ADMIN, the host reaches the VMs. */
    BRIDGE
}
