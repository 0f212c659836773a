package dev.ignite.engine.net;

import java.util.List;

/** What a VM's config drive needs from its networks: its NICs' settings (first the user NIC) and hosts lines. */
public record NetworkAttachment(List<GuestInterface> interfaces, String hosts) {
    public NetworkAttachment {
        interfaces = List.copyOf(interfaces);
    }
}
