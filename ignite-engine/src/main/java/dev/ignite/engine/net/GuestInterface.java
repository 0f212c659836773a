package dev.ignite.engine.net;

import java.util.ArrayList;
import java.util.List;

/**
 * One guest NIC's settings for our initramfs (a {@code KEY=VALUE} file on the config drive). The
 * NIC is named by MAC: with several virtio NICs the guest's probe order is not fixed.
 */
public record GuestInterface(String mac, String address, String gateway, String dns) {
    public String configFile() {
        List<String> lines = new ArrayList<>(List.of("MAC=" + mac, "ADDRESS=" + address));
        if (gateway != null) {
            lines.add("GATEWAY=" + gateway);
        }
        if (dns != null) {
            lines.add("DNS=" + dns);
        }
        return String.join("\n", lines) + "\n";
    }
}
