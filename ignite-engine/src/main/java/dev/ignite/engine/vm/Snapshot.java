package dev.ignite.engine.vm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.ignite.engine.store.StoredObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A VM saved once it answered SSH (and ran its warm-up commands), kind {@code Snapshot}: guest RAM
 * in a file, device state, and the frozen root disk. Clones restore from it in a fraction of a cold
 * boot. The ID is the digest of everything that shapes the saved state ({@link SnapshotKey}), so a
 * changed image, kernel, spec or QEMU gets a new snapshot, never a stale one.
 */
public record Snapshot(
        String kind,
        String apiVersion,
        String id,
        String name,
        String imageId,
        String kernelId,
        int cpus,
        int memoryMib,
        List<String> warmup,
        String templateVmId,
        String diskFile,
        long saveMillis,
        boolean sshOnly,
        Instant created,
        @JsonIgnore Path folder) implements StoredObject<Snapshot> {

    public static final String KIND = "Snapshot";
    static final String MEMORY_FILE = "memory.ram";
    static final String STATE_FILE = "device.state";
    /** A file whose modification time says when a clone was last made from the snapshot. */
    static final String LAST_USED = "last-used";

    /**
     * @param sshOnly the template answered over SSH, not through the guest agent (a kernel that
     *                cannot carry the agent's port, or an agent the VMM does not reach): so will its clones
     */
    static Snapshot of(SnapshotKey key, String templateVmId, String diskFile, long saveMillis, boolean sshOnly,
            Path folder) {
        return new Snapshot(KIND, StoredObject.API_VERSION, key.id(), null, key.imageId(), key.kernelId(), key.cpus(),
                key.memoryMib(), key.warmup(), templateVmId, diskFile, saveMillis, sshOnly, Instant.now(), folder);
    }

    @Override
    public String digest() {
        return id;
    }

    @JsonIgnore
    public Path memoryFile() {
        return folder.resolve(MEMORY_FILE);
    }

    @JsonIgnore
    public Path deviceState() {
        return folder.resolve(STATE_FILE);
    }

    /** The root disk as it was when the state was saved; clones get copy-on-write overlays on it. */
    @JsonIgnore
    /** The template's SSH host key: a clone presents it until it has installed its own. */
    public String templateHostKey() {
        return dev.ignite.engine.access.HostKey.publicLine(folder);
    }

    public Path disk() {
        return folder.resolve(diskFile);
    }

    /** When a clone was last made from it (or it was made): the budget removes the least recently used first. */
    @JsonIgnore
    public Instant lastUsed() {
        try {
            return java.nio.file.Files.getLastModifiedTime(folder.resolve(LAST_USED)).toInstant();
        } catch (java.io.IOException e) {
            return created;
        }
    }

    /** What it takes on disk: its memory file and disk are sparse. */
    @JsonIgnore
    public long bytesOnDisk() {
        return SnapshotBudget.bytesOnDisk(folder);
    }

    @Override
    public Snapshot withName(String newName) {
        return new Snapshot(kind, apiVersion, id, newName, imageId, kernelId, cpus, memoryMib, warmup, templateVmId,
                diskFile, saveMillis, sshOnly, created, folder);
    }

    @Override
    public Snapshot at(Path newFolder) {
        return new Snapshot(kind, apiVersion, id, name, imageId, kernelId, cpus, memoryMib, warmup, templateVmId,
                diskFile, saveMillis, sshOnly, created, newFolder);
    }
}
