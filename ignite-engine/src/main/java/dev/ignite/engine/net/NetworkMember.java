package dev.ignite.engine.net;

/** A VM on a shared network: its hostname, its address there, and its TAP device in bridge mode. */
public record NetworkMember(String vmId, String hostname, String address, String tap) {
}
