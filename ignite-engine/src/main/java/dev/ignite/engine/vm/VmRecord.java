package dev.ignite.engine.vm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ignite.engine.store.StoredObject;
import dev.ignite.engine.vmm.ProcessIdentity;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A VM as the store keeps it (kind {@code VM}): its spec, what it was made from, and its last known
 * state. {@code owner} is the process the VM lives and dies with, or null for a detached VM (made by
 * the CLI), which lives until stopped; {@code process} is the running VMM process, or null;
 * {@code snapshotId} names the snapshot a clone restores from on its first start.
 */
public record VmRecord(
        String kind,
        String apiVersion,
        String id,
        String name,
        String imageId,
        String kernelId,
        VmSpec spec,
        VmState state,
        String stateReason,
        ProcessIdentity process,
        ProcessIdentity owner,
        int sshPort,
        String snapshotId,
        Instant created,
        @JsonIgnore Path folder) implements StoredObject<VmRecord> {

    public static final String KIND = "VM";
    /** Why a VM whose VMM process ended unasked shows as failed. */
    static final String UNEXPECTED_EXIT = "the VM process ended without being stopped";

    static VmRecord created(String id, String name, String imageId, String kernelId, VmSpec spec,
                            ProcessIdentity owner, String snapshotId, Path folder) {
        return new VmRecord(KIND, StoredObject.API_VERSION, id, name, imageId, kernelId, spec, VmState.CREATED, null,
                null, owner, 0, snapshotId, Instant.now(), folder);
    }

    @Override
    public String digest() {
        return id;
    }

    @JsonIgnore
    public boolean detached() {
        return owner == null;
    }

    @JsonIgnore
    public long pid() {
        return process == null ? 0 : process.pid();
    }

    @Override
    public VmRecord withName(String newName) {
        return new VmRecord(kind, apiVersion, id, newName, imageId, kernelId, spec, state, stateReason, process, owner,
                sshPort, snapshotId, created, folder);
    }

    @Override
    public VmRecord at(Path newFolder) {
        return new VmRecord(kind, apiVersion, id, name, imageId, kernelId, spec, state, stateReason, process, owner,
                sshPort, snapshotId, created, newFolder);
    }

    /** The same VM with other labels: a VM taken from a warm pool takes the labels of the launch that took it. */
    VmRecord withLabels(java.util.Map<String, String> labels) {
        VmSpec.Builder relabelled = spec.toBuilder().clearLabels();
        labels.forEach(relabelled::putLabel);
        return new VmRecord(kind, apiVersion, id, name, imageId, kernelId, relabelled.build(), state, stateReason,
                process, owner, sshPort, snapshotId, created, folder);
    }

    VmRecord running(ProcessIdentity newProcess, int newSshPort) {
        return new VmRecord(kind, apiVersion, id, name, imageId, kernelId, spec, VmState.RUNNING, null, newProcess,
                owner, newSshPort, snapshotId, created, folder);
    }

    /** Any state but running; the reason says why, for {@code ps} and {@code inspect}. */
    VmRecord ended(VmState newState, String reason) {
        return new VmRecord(kind, apiVersion, id, name, imageId, kernelId, spec, newState, reason, null, owner,
                sshPort, snapshotId, created, folder);
    }
}
