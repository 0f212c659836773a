package dev.ignite.engine.net;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ignite.engine.store.StoredObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A shared network as the store keeps it (kind {@code Network}, folder {@code networks/<name>/}). */
public record NetworkRecord(
        String kind,
        String apiVersion,
        String id,
        String name,
        NetworkMode mode,
        Subnet subnet,
        List<NetworkMember> members,
        Instant created,
        @JsonIgnore Path folder) implements StoredObject<NetworkRecord> {

    public static final String KIND = "Network";

    public NetworkRecord {
        members = List.copyOf(members);
    }

    static NetworkRecord create(NetworkRef ref, Subnet subnet, Path folder) {
        return new NetworkRecord(KIND, StoredObject.API_VERSION, ref.name(), ref.name(), ref.mode(), subnet, List.of(),
                Instant.now(), folder);
    }

    @Override
    public String digest() {
        return id;
    }

    @Override
    public NetworkRecord withName(String newName) {
        return this; // a network's name is its ID
    }

    @Override
    public NetworkRecord at(Path newFolder) {
        return new NetworkRecord(kind, apiVersion, id, name, mode, subnet, members, created, newFolder);
    }

    NetworkRecord withMembers(List<NetworkMember> newMembers) {
        return new NetworkRecord(kind, apiVersion, id, name, mode, subnet, newMembers, created, folder);
    }

    NetworkRecord plus(NetworkMember member) {
        List<NetworkMember> next = new ArrayList<>(members);
        next.add(member);
        return withMembers(next);
    }

    NetworkRecord without(String vmId) {
        return withMembers(members.stream().filter(m -> !m.vmId().equals(vmId)).toList());
    }
}
