package dev.ignite.engine.kernel;

import dev.ignite.engine.store.StoredObject;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.ImageStore;
import dev.ignite.engine.image.ImportSpec;
import dev.ignite.engine.image.UnpackedImage;
import dev.ignite.engine.oci.ImageArchive;
import dev.ignite.engine.oci.ImageManifest;
import dev.ignite.engine.oci.ImageReference;
import dev.ignite.engine.oci.ImageSources;
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
    static final String CONFIG_FILE = "config";

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
        return importImage(ImportSpec.builder(ImageReference.parse(archiveFile.toString())).setName(name).build());
    }

    /** Imports a kernel OCI image from any source; the same image again is only named. */
    public Kernel importImage(ImportSpec spec) {
        try (ImageArchive archive = ImageSources.open(spec.source(), ImageStore.registryAccess(home, spec), home.tmp())) {
            ImageManifest manifest = archive.manifest();
            return objects.storeOnce(manifest.digest().hex(), spec.name(),
                    folder -> build(archive, manifest, folder, spec.source().toString()));
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
            Initramfs.write(modules, staged.resolve(initramfsName()));
            Files.move(kernelTree.kernelImage(), staged.resolve(KERNEL_FILE));
            Files.move(kernelTree.moduleTree(), staged.resolve("modules"));
            if (kernelTree.config().isPresent()) {
                Files.move(kernelTree.config().get(), staged.resolve(CONFIG_FILE));
            }
            Kernel kernel = new Kernel(Kernel.KIND, StoredObject.API_VERSION, manifest.digest().shortId(), null,
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

    /**
     * The kernel's initramfs for this engine's init and busybox, written from its modules on first
     * use (under the kernel's lock, so concurrent JVMs write it once).
     */
    public Path initramfs(Kernel kernel) {
        Path file = kernel.folder().resolve(initramfsName());
        if (Files.exists(file)) {
            return file;
        }
        try (StoreLock ignored = objects.lock(kernel.digest().substring("sha256:".length()))) {
            if (!Files.exists(file)) {
                Path staged = Files.createTempFile(kernel.folder(), ".initramfs-", ".tmp");
                try {
                    Initramfs.write(KernelModules.scan(kernel.modules()), staged);
                    Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(staged);
                }
            }
            return file;
        } catch (IOException e) {
            throw new IgniteException("cannot write the initramfs of kernel " + kernel.name() + ": " + e.getMessage(), e);
        }
    }

    private static String initramfsName() {
        return "initramfs-" + Initramfs.contentKey() + ".cpio";
    }

    public Kernel get(String reference) {
        return objects.get(reference);
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
