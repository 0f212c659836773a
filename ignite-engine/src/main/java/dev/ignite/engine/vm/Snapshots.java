package dev.ignite.engine.vm;

import dev.ignite.engine.store.PrivateFiles;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.ObjectStore;
import dev.ignite.engine.vmm.VmFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.function.Consumer;

/**
 * Snapshots in the store ({@code snapshots/<key>/}), made on first use: a template VM boots with
 * its RAM in a shared file, answers SSH, runs the warm-up commands, is paused and saved, and its
 * root disk is frozen as the clones' base. Concurrent JVMs asking for the same key make it once.
 */
public final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(10);

    private final IgniteHome home;
    private final ObjectStore<Snapshot> objects;
    private final Vms vms;

    Snapshots(IgniteHome home, Vms vms) {
        this.home = home;
        this.vms = vms;
        this.objects = new ObjectStore<>(home, home.snapshots(), "snapshot", "snapshot.json", Snapshot.class,
                reference -> new IgniteException("no snapshot '" + reference + "': list them with `ignite snapshot ls`"));
    }

    /** The snapshot for this spec and warm-up, made now if the store lacks it. */
    public Snapshot ensure(VmSpec spec, List<String> warmup, Consumer<String> progress) {
        vms.artifacts().prepare(spec.image(), spec.kernel(), progress);
        SnapshotKey key = vms.snapshotKey(spec, warmup);
        boolean[] made = {false};
        Snapshot snapshot = objects.storeOnce(key.id(), null, folder -> {
            made[0] = true;
            return make(key, spec, warmup, folder, progress);
        });
        markUsed(snapshot);
        if (made[0]) {
            keepWithinBudget(SnapshotBudget.configured(), snapshot.id());
        }
        return snapshot;
    }

    private void markUsed(Snapshot snapshot) {
        try {
            Path marker = snapshot.folder().resolve(Snapshot.LAST_USED);
            if (!Files.exists(marker)) {
                Files.createFile(marker, PrivateFiles.FILE); // the store is private, this file too
            }
            Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot record the use of snapshot {}: {}", snapshot.id(), e.getMessage());
        }
    }

    /**
     * Removes the least recently used snapshots no VM is made from until the rest take at most
     * {@code budget} bytes; {@code keep} (one just made) stays. Returns the IDs removed.
     */
    public List<String> keepWithinBudget(long budget, String... keep) {
        Set<String> inUse = new HashSet<>(List.of(keep));
        vms.list().stream().map(VmRecord::snapshotId).filter(java.util.Objects::nonNull).forEach(inUse::add);
        List<SnapshotBudget.Entry> entries = list().stream()
                .map(s -> new SnapshotBudget.Entry(s.id(), s.bytesOnDisk(), s.lastUsed())).toList();
        List<String> removed = new ArrayList<>();
        for (String id : SnapshotBudget.overBudget(entries, budget, inUse)) {
            try {
                remove(id);
                removed.add(id);
                LOG.info("removed template {}: least recently used, over the store's budget of {} MiB", id,
                        budget >> 20);
            } catch (RuntimeException e) {
                LOG.warn("cannot remove template {} over the budget: {}", id, e.getMessage());
            }
        }
        return removed;
    }

    /** Removes every snapshot no VM is made from; returns their IDs. */
    public List<String> prune() {
        return keepWithinBudget(0);
    }

    ObjectStore<Snapshot> objects() {
        return objects;
    }

    public Snapshot get(String reference) {
        return objects.get(reference);
    }

    public List<Snapshot> list() {
        return objects.list();
    }

    /** Removes a snapshot; refused while VMs still restore from it or run on its disk. */
    public void remove(String reference) {
        Snapshot snapshot = get(reference);
        List<String> clones = vms.list().stream().filter(vm -> snapshot.id().equals(vm.snapshotId()))
                .map(VmRecord::name).toList();
        if (!clones.isEmpty()) {
            throw new IgniteException("snapshot " + snapshot.id() + " is the base of VMs " + clones
                    + ": remove them first (`ignite rm`)");
        }
        objects.remove(snapshot);
    }

    private Snapshot make(SnapshotKey key, VmSpec spec, List<String> warmup, Path folder, Consumer<String> progress) {
        Path staging = null;
        Vm template = null;
        try {
            staging = Files.createTempDirectory(home.tmp(), "snapshot-");
            progress.accept("making a snapshot of " + spec.image() + " on " + spec.kernel() + ": booting a template VM");
            VmSpec templateSpec = SnapshotKey.templateSpec(spec);
            template = vms.create(templateSpec, Ownership.THIS_PROCESS, null);
            template.startTemplate(staging.resolve(Snapshot.MEMORY_FILE));
            for (String command : warmup) {
                progress.accept("warm-up: " + command);
                template.execOrFail(ExecRequest.builder(command).setTimeout(WARMUP_TIMEOUT).build());
            }
            template.exec("sync");
            long saveStarted = System.nanoTime();
            template.saveState(staging.resolve(Snapshot.STATE_FILE), staging.resolve(Snapshot.MEMORY_FILE));
            long saveMillis = (System.nanoTime() - saveStarted) / 1_000_000;
            template.endProcess();
            Files.copy(template.record().folder().resolve(HostKey.PUBLIC_FILE), staging.resolve(HostKey.PUBLIC_FILE));
            Path disk = new VmFolder(template.record().folder()).rootDisk();
            Files.move(disk, staging.resolve(disk.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            Snapshot snapshot = Snapshot.of(key, template.id(), disk.getFileName().toString(), saveMillis,
                    !template.answersThroughAgent(), folder);
            objects.writeStaged(staging, snapshot);
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("snapshot {} saved in {} ms", key.id(), saveMillis);
            return snapshot;
        } catch (IOException e) {
            throw new IgniteException("making a snapshot failed: " + e.getMessage(), e);
        } finally {
            if (template != null) {
                template.close();
            }
            if (staging != null) {
                FileTrees.deleteQuietly(staging, null);
            }
        }
    }
}
