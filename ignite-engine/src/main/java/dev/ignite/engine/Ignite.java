package dev.ignite.engine;

import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.ImageStore;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.kernel.KernelStore;
import dev.ignite.engine.net.Networks;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.recipe.DefaultArtifacts;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmRecord;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.Vms;
import dev.ignite.engine.vmm.Vmm;
import dev.ignite.engine.vmm.VmmSelector;

import java.util.List;

/**
 * The engine's entry point: one store ({@code $IGNITE_HOME}) with its images, kernels and VMs, and
 * the one way to start a VM, {@link #launch(VmSpec, LaunchOptions)}: the spec says what the VM is,
 * the options how to start it. The default image and kernel are built on first use.
 * <pre>{@code
 * try (Ignite ignite = Ignite.open();
 *      Vm vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).build())) {
 *     ExecResult r = vm.exec("uname -r");
 * }
 * }</pre>
 * Closing the engine closes its warm pools; VMs it launched are closed by their own handles.
 */
public final class Ignite implements AutoCloseable {
    /** Names the default recipes import under. */
    public static final String DEFAULT_IMAGE = DefaultArtifacts.TINY_IMAGE;
    public static final String DEFAULT_KERNEL = DefaultArtifacts.DEBIAN_CLOUD_KERNEL;
    /** The optional all-built-in kernel of kernels/microvm, compiled on first use. */
    public static final String MICROVM_KERNEL = DefaultArtifacts.MICROVM_KERNEL;
    /** Debian 12 with systemd, built from {@code images/debian} when first named. */
    public static final String DEBIAN_IMAGE = DefaultArtifacts.DEBIAN_IMAGE;

    private final IgniteHome home;
    private final ImageStore images;
    private final KernelStore kernels;
    private final Vms vms;
    private final SshKeys keys;
    private final Networks networks;
    private final DefaultArtifacts defaults;

    private Ignite(IgniteHome home, Vmm vmm) {
        this.home = home;
        this.images = new ImageStore(home);
        this.kernels = new KernelStore(home);
        this.keys = SshKeys.loadOrCreate(home);
        this.defaults = new DefaultArtifacts(home, images, kernels);
        this.vms = new Vms(home, images, kernels, vmm, keys, defaults::ensureNamed);
        this.networks = new Networks(home);
    }

    public static Ignite open() {
        return open(IgniteHome.fromEnvironment());
    }

    public static Ignite open(IgniteHome home) {
        return new Ignite(home, VmmSelector.select());
    }

    public IgniteHome home() {
        return home;
    }

    public ImageStore images() {
        return images;
    }

    public KernelStore kernels() {
        return kernels;
    }

    /** The images and kernels built from the engine's own recipes; a launch builds those it names itself. */
    public DefaultArtifacts defaults() {
        return defaults;
    }

    public Vms vms() {
        return vms;
    }

    /** The store's SSH key pair, authorized in every VM it makes. */
    public SshKeys sshKeys() {
        return keys;
    }

    /** Shared networks (vde, bridge); made and removed with their VMs, see {@code VmSpec.Builder#setNetwork}. */
    public Networks networks() {
        return networks;
    }

    /**
     * Removes an image from the store; while a VM (in any state) was made from it, only with
     * {@code force}: those VMs keep their own disks, which are overlays on the image, and will not start again.
     */
    public Image removeImage(String reference, boolean force) {
        Image image = images.get(reference);
        List<String> users = vms.list().stream().filter(vm -> image.id().equals(vm.imageId())).map(VmRecord::name)
                .toList();
        if (!users.isEmpty() && !force) {
            throw new IgniteException("image " + reference + " is used by VM(s) " + String.join(", ", users)
                    + ": remove them first (`ignite rm -f " + String.join(" ", users) + "`) or use `ignite rmi -f`");
        }
        images.remove(image);
        return image;
    }

    /** Removes a kernel from the store; while a VM uses it, only with {@code force}. */
    public Kernel removeKernel(String reference, boolean force) {
        Kernel kernel = kernels.get(reference);
        List<String> users = vms.list().stream().filter(vm -> kernel.id().equals(vm.kernelId())).map(VmRecord::name)
                .toList();
        if (!users.isEmpty() && !force) {
            throw new IgniteException("kernel " + reference + " is used by VM(s) " + String.join(", ", users)
                    + ": remove them first (`ignite rm -f " + String.join(" ", users) + "`) or use `ignite rmk -f`");
        }
        kernels.remove(kernel);
        return kernel;
    }

    /** Launches a VM with the default options: owned by this JVM, cold boot; close the handle to remove it. */
    public Vm launch(VmSpec spec) {
        return launch(spec, LaunchOptions.defaults());
    }

    /**
     * Makes and starts a VM: the spec says what it is, the options how (owner, cold or clone, warm
     * pool, progress listener). Returns once it answers; see {@link Vms#launch}.
     */
    public Vm launch(VmSpec spec, LaunchOptions options) {
        return vms.launch(spec, options);
    }

    /** Closes the engine's warm pools (their idle VMs are removed). */
    @Override
    public void close() {
        vms.close();
    }
}
