package dev.ignite.engine.vm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.store.StoredObject;

import java.nio.file.Path;
import java.time.Instant;

/** A VM as the store keeps it (kind {@code VM}): its spec, what it was made from, and its last known state. */
public record VmRecord(
        String kind,
        String apiVersion,
        String id,
        String name,
        String imageId,
        String kernelId,
        VmSpec spec,
        VmState state,
        long pid,
        long ownerPid,
        int sshPort,
        Instant created,
        @JsonIgnore Path folder) implements StoredObject<VmRecord> {

    public static final String KIND = "VM";

    static VmRecord created(String id, String name, String imageId, String kernelId, VmSpec spec, Path folder) {
        return new VmRecord(KIND, Image.API_VERSION, id, name, imageId, kernelId, spec, VmState.CREATED, 0,
                ProcessHandle.current().pid(), 0, Instant.now(), folder);
    }

    @Override
    public String digest() {
        return id;
    }

    @Override
    public VmRecord withName(String newName) {
        return new VmRecord(kind, apiVersion, id, newName, imageId, kernelId, spec, state, pid, ownerPid, sshPort,
                created, folder);
    }

    @Override
    public VmRecord at(Path newFolder) {
        return new VmRecord(kind, apiVersion, id, name, imageId, kernelId, spec, state, pid, ownerPid, sshPort,
                created, newFolder);
    }

    VmRecord running(long newPid, int newSshPort) {
        return new VmRecord(kind, apiVersion, id, name, imageId, kernelId, spec, VmState.RUNNING, newPid,
                ProcessHandle.current().pid(), newSshPort, created, folder);
    }

    VmRecord withState(VmState newState) {
        return new VmRecord(kind, apiVersion, id, name, imageId, kernelId, spec, newState, newState == VmState.RUNNING ? pid : 0,
                ownerPid, sshPort, created, folder);
    }
}
