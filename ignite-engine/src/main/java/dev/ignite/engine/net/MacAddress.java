package dev.ignite.engine.net;

/** Locally administered MACs derived from the VM ID: stable across restarts, one per NIC. */
public final class MacAddress {
    private MacAddress() {
    }

    public static String of(String vmId, int nic) {
        String hex = (vmId + "000000000000").substring(0, 8);
        return String.format("52:%02x:%s:%s:%s:%s", 0x54 + nic, hex.substring(0, 2), hex.substring(2, 4),
                hex.substring(4, 6), hex.substring(6, 8));
    }
}
