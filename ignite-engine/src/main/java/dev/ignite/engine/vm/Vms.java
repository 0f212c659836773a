package dev.ignite.engine.vm;

import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.ImageStore;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.kernel.KernelStore;
import dev.ignite.engine.net.NetworkAttachment;
import dev.ignite.engine.net.Networks;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.ObjectStore;
import dev.ignite.engine.store.PrivateFiles;
import dev.ignite.engine.store.StoreLock;
import dev.ignite.engine.vmm.VmFolder;
import dev.ignite.engine.vmm.ProcessIdentity;
import dev.ignite.engine.vmm.Vmm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates VMs in the store and finds them again: {@code vms/<id>/} holds each VM's disks, logs and
 * sockets. Every lookup reconciles the store with the real processes: a VM whose VMM died unasked is
 * marked failed, and a VM whose owner process died (a crashed or killed test JVM) is reaped.
 */
public final class Vms {
    private static final Logger LOG = LoggerFactory.getLogger(Vms.class);
    private static final long MIB = 1 << 20;

    private final IgniteHome home;
    private final ImageStore images;
    private final KernelStore kernels;
    private final Vmm vmm;
    private final SshKeys keys;
    private final ObjectStore<VmRecord> objects;
    private final Snapshots snapshots;
    private final VmNetworking networking;
    private final ArtifactPreparer artifacts;
    private final VmContext context;
    private final WarmPools pools = new WarmPools(this);

    /**
     * Builds what the engine can build itself before a launch needs it (the recipe defaults); given
     * by the engine, since recipes sit above this package.
     */
    @FunctionalInterface
    public interface ArtifactPreparer {
        void prepare(String image, String kernel, Consumer<String> progress);
    }

    public Vms(IgniteHome home, ImageStore images, KernelStore kernels, Vmm vmm, SshKeys keys,
               ArtifactPreparer artifacts) {
        this.artifacts = artifacts;
        this.home = home;
        this.images = images;
        this.kernels = kernels;
        this.vmm = vmm;
        this.keys = keys;
        this.objects = new ObjectStore<>(home, home.vms(), "vm", "vm.json", VmRecord.class, VmNotFoundException::new);
        this.networking = new VmNetworking(new Networks(home), keys,
                id -> objects.exists(objects.folderFor(id)) ? Optional.of(objects.read(objects.folderFor(id))) : Optional.empty());
        this.snapshots = new Snapshots(home, this);
        this.context = new VmContext(vmm, keys, kernels, objects, snapshots.objects(), networking);
    }

    /** Saved VM states that clones restore from. */
    public Snapshots snapshots() {
        return snapshots;
    }

    /**
     * The one launch path: makes the VM the spec describes and starts it as the options say (owner,
     * cold or clone, warm pool, progress). Image and kernel the engine builds from its own recipes are
     * built first if the store lacks them. A VM owned by this process that fails to start is removed;
     * a detached one stays, failed, so that {@code ignite logs} and {@code inspect} can say why.
     */
    public Vm launch(VmSpec spec, LaunchOptions options) {
        LaunchListener listener = options.listener();
        Networks.requireHostSupport(spec.networkRef().mode());
        artifacts.prepare(spec.image(), spec.kernel(), listener::progress);
        listener.stepDone("image and kernel ready");
        options = coldIfNotCloneable(spec, options);
        if (options.warmPool() > 0) {
            Vm taken = pools.take(spec, options);
            return whenReady(taken, spec, options, () -> { });
        }
        Snapshot snapshot = null;
        if (options.boot() == BootMode.CLONE) {
            snapshot = snapshots.ensure(spec, options.warmup(), listener::progress);
            listener.stepDone("template " + snapshot.id() + " ready");
        }
        Vm vm = create(spec, options.ownership(), snapshot);
        listener.stepDone("VM " + vm.name() + " created (disk overlay, config drive)");
        if (!options.start()) {
            return vm;
        }
        boolean clone = snapshot != null;
        return whenReady(vm, spec, options, () -> {
            vm.start();
            listener.stepDone((clone ? "restored" : "booted") + " to the guest's first answer");
        });
    }

    /** Starts the VM, then runs the spec's wait strategies; a VM of this process that fails either is removed. */
    private static Vm whenReady(Vm vm, VmSpec spec, LaunchOptions options, Runnable start) {
        try {
            start.run();
            for (WaitStrategy wait : spec.waitStrategies()) {
                wait.waitUntilReady(vm);
                options.listener().stepDone(wait.description());
            }
        } catch (RuntimeException e) {
            if (options.ownership() == Ownership.THIS_PROCESS) {
                try {
                    vm.close();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        return vm;
    }

    /**
     * A clone where the spec allows one; else a cold boot, said once per reason. Warm-up commands
     * only run in a template, so a spec that cannot be a clone cannot have them.
     */
    private static LaunchOptions coldIfNotCloneable(VmSpec spec, LaunchOptions options) {
        if (options.boot() != BootMode.CLONE) {
            return options;
        }
        Optional<String> why = CloneEligibility.whyNot(spec);
        if (why.isEmpty()) {
            return options;
        }
        if (!options.warmup().isEmpty()) {
            throw new IgniteException("warm-up commands run in a template, but this VM cannot be a clone: "
                    + why.get() + "; run the commands in the VM instead");
        }
        CloneEligibility.tellOnce(spec, why.get());
        return options.toBuilder().setBoot(BootMode.COLD).setWarmPool(0).build(); // no cold VMs idling ahead
    }

    /** Ends the warm pools' idle VMs; VMs already handed out are their takers'. */
    public void close() {
        pools.close();
    }

    ArtifactPreparer artifacts() {
        return artifacts;
    }

    SnapshotKey snapshotKey(VmSpec spec, List<String> warmup) {
        Kernel kernel = kernels.get(spec.kernel());
        return SnapshotKey.of(images.get(spec.image()), kernel, kernels.initramfs(kernel), spec, warmup,
                vmm.stateCompatibility());
    }

    /**
     * Makes a VM; with a snapshot, its first start restores from it (see {@link Snapshots#ensure}).
     * Its disk is a qcow2 overlay (the image is never written) unless a larger disk size asks for a
     * copy of its own. Nothing is left behind when this fails.
     */
    Vm create(VmSpec spec, Ownership ownership, Snapshot snapshot) {
        ProcessIdentity owner = ownership == Ownership.THIS_PROCESS ? ProcessIdentity.current() : null;
        Image image = images.get(spec.image());
        Kernel kernel = kernels.get(spec.kernel());
        for (Volume volume : spec.volumes()) {
            if (!Files.isRegularFile(volume.hostFile()) && !volume.hostFile().startsWith("/dev/")) {
                throw new IgniteException("volume " + volume.hostFile() + " is not a file or block device: make one,"
                        + " e.g. `truncate -s 1G data.ext4 && mkfs.ext4 data.ext4`");
            }
        }
        String id = VmNames.newId();
        Path folder = objects.folderFor(id);
        try (StoreLock ignored = StoreLock.acquire(home, "vm-names")) {
            String name = spec.name() != null ? spec.name() : uniqueGeneratedName();
            Optional<VmRecord> holder = list().stream().filter(vm -> name.equals(vm.name())).findFirst();
            if (holder.isPresent()) {
                VmRecord held = holder.get();
                throw new IgniteException("the name '" + name + "' is held by VM " + held.id() + " (" + held.state()
                        + (held.detached() ? ", detached" : ", owned by process " + held.owner().pid())
                        + "): remove it with `ignite rm -f " + name + "` or choose another name");
            }
            PrivateFiles.createDirectories(folder);
            NetworkAttachment network = null;
            try {
                String hostname = VmNames.hostname(name);
                network = networking.attach(id, hostname, spec);
                if (snapshot != null) {
                    HostCommand.check(HostTool.QEMU_IMG, "create", "-q", "-f", "qcow2",
                            "-F", snapshot.diskFile().endsWith(".qcow2") ? "qcow2" : "raw",
                            "-b", snapshot.disk().toString(), new VmFolder(folder).overlay().toString());
                } else {
                    makeRootDisk(image, spec.diskSizeMib(), vmm.supportsQcow2(), folder);
                }
                HostKey hostKey = HostKey.generate();
                hostKey.writeTo(folder);
                ConfigDrive.write(new VmFolder(folder).configDrive(), hostname, authorizedKeys(spec), hostKey, network,
                        spec.env(), spec.copyFiles(), Volume.table(spec), MainProcess.of(image), folder);
                VmRecord record = VmRecord.created(id, name, image.id(), kernel.id(), spec, owner,
                        snapshot == null ? null : snapshot.id(), folder);
                objects.write(record);
                return new Vm(context, image, kernel, record);
            } catch (RuntimeException | IOException e) {
                FileTrees.deleteQuietly(folder, e);
                if (network != null) {
                    detachQuietly(id, spec, e);
                }
                throw e;
            }
        } catch (IOException e) {
            FileTrees.deleteQuietly(folder, e);
            throw new IgniteException("cannot create a VM in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void makeRootDisk(Image image, long diskSizeMib, boolean qcow2, Path folder) throws IOException {
        long imageBytes = Files.size(image.rootfs());
        if (diskSizeMib == 0 && qcow2) {
            HostCommand.check(HostTool.QEMU_IMG, "create", "-q", "-f", "qcow2", "-F", "raw",
                    "-b", image.rootfs().toString(), new VmFolder(folder).overlay().toString());
            return;
        }
        if (diskSizeMib != 0 && diskSizeMib * MIB < imageBytes) {
            throw new IgniteException("disk size " + diskSizeMib + " MiB is smaller than image " + image.name()
                    + " (" + (imageBytes + MIB - 1) / MIB + " MiB): choose at least that, or 0 for the image's size");
        }
        // A sparse copy grown in place: the blocks cost only what the VM writes.
        Path disk = new VmFolder(folder).ownDisk();
        HostCommand.check(HostTool.QEMU_IMG, "convert", "-q", "-f", "raw", "-O", "raw", "-S", "4k",
                image.rootfs().toString(), disk.toString());
        if (diskSizeMib == 0) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(diskSizeMib * MIB);
        }
        HostCommand.check(HostTool.E2FSCK, "-f", "-p", disk.toString());
        HostCommand.check(HostTool.RESIZE2FS, "-f", disk.toString());
    }

    /** A handle on a VM by name or unique ID prefix; a running VM is controlled through its PID and sockets. */
    public Vm get(String reference) {
        VmRecord record = find(reference).orElseThrow(() -> new VmNotFoundException(reference));
        return new Vm(context, images.get(record.imageId()), kernels.get(record.kernelId()), record);
    }

    private void detachQuietly(String id, VmSpec spec, Exception failure) {
        try {
            networking.detach(id, spec);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    public Optional<VmRecord> find(String reference) {
        reconcile();
        return objects.find(reference);
    }

    /** Removes a VM with everything it left on disk; a running VM only with {@code force}, which kills it. */
    public void remove(String reference, boolean force) {
        Vm vm = get(reference);
        if (vm.state() == VmState.RUNNING && !force) {
            throw new IgniteException("VM " + vm.name() + " is running: stop it first with `ignite stop " + vm.name()
                    + "`, or remove it anyway with `ignite rm -f " + vm.name() + "`");
        }
        vm.close();
    }

    /** The console of any VM in the store, also one started by another process (for {@code ignite attach}). */
    public Console console(String reference) {
        return get(reference).console();
    }

    /** The serial log of any VM in the store (for {@code ignite logs}); following it ends when the VM's process does. */
    public SerialLog serialLog(String reference) {
        return get(reference).serialLog();
    }

    /** Every VM, newest first, reconciled with the real processes. */
    public List<VmRecord> list() {
        return reconcile();
    }

    private List<VmRecord> reconcile() {
        List<VmRecord> live = new ArrayList<>();
        for (VmRecord vm : objects.list()) {
            if (!vm.detached() && !vm.owner().isAlive()) {
                reap(vm);
            } else if (vm.state() == VmState.RUNNING && (vm.process() == null || !vm.process().isAlive())) {
                live.add(markFailed(vm));
            } else {
                live.add(vm);
            }
        }
        return live;
    }

    /** A VM whose owner died: its process went with the owner (pdeathsig); make sure, and drop it. */
    private void reap(VmRecord vm) {
        try (StoreLock ignored = objects.lock(vm.id())) {
            if (!objects.exists(vm.folder())) {
                return;
            }
            if (vm.process() != null) {
                vm.process().find().ifPresent(ProcessHandle::destroyForcibly);
            }
            FileTrees.deleteRecursively(vm.folder());
            networking.detach(vm);
            LOG.info("removed VM {}: the process that owned it ({}) has ended", vm.name(), vm.owner().pid());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot reap VM {} of ended process {}: {}", vm.name(), vm.owner().pid(), e.getMessage());
        }
    }

    private VmRecord markFailed(VmRecord vm) {
        VmRecord failed = vm.ended(VmState.FAILED, VmRecord.UNEXPECTED_EXIT);
        try (StoreLock ignored = objects.lock(vm.id())) {
            if (objects.exists(vm.folder()) && objects.read(vm.folder()).state() == VmState.RUNNING) {
                objects.write(failed);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot record that VM {} failed: {}", vm.name(), e.getMessage());
        }
        return failed;
    }

    private String uniqueGeneratedName() {
        List<VmRecord> existing = objects.list();
        for (int i = 0; i < 100; i++) {
            String candidate = VmNames.newName();
            if (existing.stream().noneMatch(vm -> candidate.equals(vm.name()))) {
                return candidate;
            }
        }
        return VmNames.newName() + "_" + VmNames.newId().substring(0, 4);
    }

    /** The engine's key first, then the ones the spec adds (one line each). */
    private String authorizedKeys(VmSpec spec) {
        List<String> lines = new ArrayList<>(List.of(keys.authorizedKey()));
        lines.addAll(spec.authorizedKeys());
        return String.join("\n", lines);
    }
}
