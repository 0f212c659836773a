package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.ImageStore;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.kernel.KernelStore;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.ObjectStore;
import dev.ignite.engine.store.StoreLock;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.VmProcess;
import dev.ignite.engine.vmm.Vmm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Creates VMs in the store and finds them again: {@code vms/<id>/} holds each VM's disks, logs and sockets. */
public final class Vms {
    static final String OVERLAY_FILE = "overlay.qcow2";
    static final String CONFIG_DRIVE_FILE = "config.ext4";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final IgniteHome home;
    private final ImageStore images;
    private final KernelStore kernels;
    private final Vmm vmm;
    private final SshKeys keys;
    private final ObjectStore<VmRecord> objects;

    public Vms(IgniteHome home, ImageStore images, KernelStore kernels, Vmm vmm, SshKeys keys) {
        this.home = home;
        this.images = images;
        this.kernels = kernels;
        this.vmm = vmm;
        this.keys = keys;
        this.objects = new ObjectStore<>(home, home.vms(), "vm", "vm.json", VmRecord.class, VmNotFoundException::new);
    }

    /**
     * Makes the VM's disk (a qcow2 overlay: the image is never written) and config drive. Nothing is
     * left behind when this fails.
     */
    public Vm create(VmSpec spec) {
        Image image = images.get(spec.image());
        Kernel kernel = kernels.get(spec.kernel());
        String id = VmNames.newId();
        Path folder = objects.folderFor(id);
        try (StoreLock ignored = StoreLock.acquire(home, "vm-names")) {
            String name = spec.name() != null ? spec.name() : uniqueGeneratedName();
            if (objects.list().stream().anyMatch(vm -> name.equals(vm.name()))) {
                throw new IgniteException("a VM named '" + name + "' already exists: remove it with `ignite rm "
                        + name + "` or choose another name");
            }
            Files.createDirectories(folder);
            try {
                HostCommand.check(HostTool.QEMU_IMG, "create", "-q", "-f", "qcow2", "-F", "raw",
                        "-b", image.rootfs().toString(), folder.resolve(OVERLAY_FILE).toString());
                ConfigDrive.write(folder.resolve(CONFIG_DRIVE_FILE), name.replace('_', '-'), keys.authorizedKey(),
                        "10.0.2.15/24", "10.0.2.2", "10.0.2.3", spec.env(), folder);
                VmRecord record = VmRecord.created(id, name, image.id(), kernel.id(), spec, folder);
                objects.write(record);
                return new Vm(this, vmm, keys, image, kernel, record);
            } catch (RuntimeException e) {
                FileTrees.deleteQuietly(folder, e);
                throw e;
            }
        } catch (IOException e) {
            FileTrees.deleteQuietly(folder, e);
            throw new IgniteException("cannot create a VM in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Creates and starts a VM, returning once it answers SSH. */
    public Vm run(VmSpec spec) {
        Vm vm = create(spec);
        try {
            return vm.start();
        } catch (RuntimeException e) {
            try {
                vm.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Removes a VM that is not running, with everything it left on disk. */
    public void remove(String reference) {
        VmRecord vm = objects.get(reference);
        boolean alive = vm.state() == VmState.RUNNING && ProcessHandle.of(vm.pid()).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            throw new IgniteException("VM " + vm.name() + " is running: stop it first with `ignite stop " + vm.name() + "`");
        }
        objects.remove(vm);
    }

    /**
     * Stops a running VM, whichever process started it: QMP {@code quit}, then a kill if it lingers.
     * Its disk and logs stay; {@code ignite rm} removes them.
     */
    public void stop(String reference) {
        VmRecord vm = objects.get(reference);
        process(vm).ifPresent(p -> p.terminate(STOP_TIMEOUT));
        if (vm.state() == VmState.RUNNING) {
            save(vm.withState(VmState.STOPPED));
        }
    }

    /** The console of any VM in the store, also one started by another process (for {@code ignite attach}). */
    public Console console(String reference) {
        VmRecord vm = objects.get(reference);
        return new Console(vm.name(), vm.folder().resolve(LaunchPlan.CONSOLE_SOCKET),
                vm.folder().resolve(LaunchPlan.SERIAL_LOG), liveness(vm));
    }

    /** The serial log of any VM in the store (for {@code ignite logs}); following it ends when the VM's process does. */
    public SerialLog serialLog(String reference) {
        VmRecord vm = objects.get(reference);
        return new SerialLog(vm.folder().resolve(LaunchPlan.SERIAL_LOG), liveness(vm));
    }

    /** Whether the VM's process runs, checked once by PID and command line, then by its handle. */
    private BooleanSupplier liveness(VmRecord vm) {
        Optional<VmProcess> process = process(vm);
        return () -> process.map(VmProcess::isAlive).orElse(false);
    }

    private Optional<VmProcess> process(VmRecord vm) {
        return vm.state() == VmState.RUNNING ? vmm.find(vm.id(), vm.pid(), vm.folder()) : Optional.empty();
    }

    public List<VmRecord> list() {
        return objects.list();
    }

    void save(VmRecord record) {
        objects.write(record);
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
}
