package dev.ignite.engine.kernel;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.image.UnpackedImage;
import dev.ignite.engine.oci.ImageArchive;
import dev.ignite.engine.oci.ImageManifest;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.ObjectStore;
import dev.ignite.engine.store.StoreLock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Kernels in the store: {@code kernels/<digest>/} holds the kernel binary, its modules and the
 * engine's initramfs for it. Imported from kernel OCI images ({@code /boot/vmlinuz} and
 * {@code /lib/modules/VERSION}), checked for microVM support at import.
 */
public final class KernelStore {
    static final String KERNEL_FILE = "vmlinuz";
    static final String INITRAMFS_FILE = "initramfs.cpio";
    /** The digest of the init script the initramfs was built with. */
    static final String INIT_DIGEST_FILE = "initramfs.init-sha256";

    private final IgniteHome home;
    private final ObjectStore<Kernel> objects;

    public KernelStore(IgniteHome home) {
        this.home = home;
        this.objects = new ObjectStore<>(home, home.kernels(), "kernel", "kernel.json", Kernel.class,
                KernelNotFoundException::new);
    }

    public Kernel importArchive(Path archiveFile, String name) {
        if (!Files.isRegularFile(archiveFile)) {
            throw new IgniteException("kernel archive " + archiveFile + " does not exist or is not a file");
        }
        try (ImageArchive archive = ImageArchive.open(archiveFile)) {
            ImageManifest manifest = archive.manifest();
            return objects.storeOnce(manifest.digest().hex(), name,
                    folder -> build(archive, manifest, folder, archiveFile.toString()));
        }
    }

    private Kernel build(ImageArchive archive, ImageManifest manifest, Path folder, String source) {
        Path work = null;
        try {
            work = Files.createTempDirectory(home.tmp(), "kernel-");
            Path tree = Files.createDirectory(work.resolve("tree"));
            UnpackedImage.unpack(archive, manifest, tree);
            KernelTree kernelTree = KernelTree.locate(tree, source);
            KernelModules modules = KernelModules.scan(kernelTree.moduleTree());
            kernelTree.checkMicroVmSupport(modules, source);
            Path staged = Files.createDirectory(work.resolve("kernel"));
            Initramfs.write(modules, staged.resolve(INITRAMFS_FILE));
            Files.writeString(staged.resolve(INIT_DIGEST_FILE), Initramfs.initDigest());
            Files.move(kernelTree.kernelImage(), staged.resolve(KERNEL_FILE));
            Files.move(kernelTree.moduleTree(), staged.resolve("modules"));
            if (kernelTree.config().isPresent()) {
                Files.move(kernelTree.config().get(), staged.resolve("config"));
            }
            Kernel kernel = new Kernel(Kernel.KIND, Image.API_VERSION, manifest.digest().shortId(), null,
                    manifest.digest().toString(), kernelTree.version(), source, Instant.now(), folder);
            objects.writeStaged(staged, kernel);
            Files.move(staged, folder, StandardCopyOption.ATOMIC_MOVE);
            return kernel;
        } catch (IOException e) {
            throw new IgniteException("importing kernel " + source + " failed: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                FileTrees.deleteQuietly(work, null);
            }
        }
    }

    /** The kernel, its initramfs rebuilt first when it carries another engine version's init script. */
    public Kernel get(String reference) {
        Kernel kernel = objects.get(reference);
        refreshInitramfs(kernel);
        return kernel;
    }

    private void refreshInitramfs(Kernel kernel) {
        String current = Initramfs.initDigest();
        Path marker = kernel.folder().resolve(INIT_DIGEST_FILE);
        try (StoreLock ignored = objects.lock(kernel.folder().getFileName().toString())) {
            if (Files.exists(marker) && Files.readString(marker).strip().equals(current)) {
                return;
            }
            Path staged = kernel.folder().resolve(INITRAMFS_FILE + ".new");
            Initramfs.write(KernelModules.scan(kernel.modules()), staged);
            Files.move(staged, kernel.initramfs(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(marker, current);
        } catch (IOException e) {
            throw new IgniteException("cannot rebuild the initramfs of kernel " + kernel.name() + ": " + e.getMessage(), e);
        }
    }

    public Optional<Kernel> find(String reference) {
        return objects.find(reference);
    }

    public List<Kernel> list() {
        return objects.list();
    }

    public void remove(Kernel kernel) {
        objects.remove(kernel);
    }
}
