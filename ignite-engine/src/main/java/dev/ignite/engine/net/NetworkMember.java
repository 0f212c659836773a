package dev.ignite.engine.net;

import java.util.List;
import java.util.stream.Stream;

/**
 * A VM on a shared network: its hostname, its address there, its TAP device in bridge mode, and
 * more names peers reach it by.
 */
public record NetworkMember(String vmId, String hostname, String address, String tap, List<String> aliases) {
    public NetworkMember {
        aliases = List.copyOf(aliases == null ? List.of() : aliases); // older records have none
    }

    /** The host name first, then the aliases: what one {@code /etc/hosts} line lists. */
    public List<String> names() {
        return Stream.concat(Stream.of(hostname), aliases.stream()).toList();
    }
}
