package dev.ignite.engine.image;

import dev.ignite.engine.store.StoredObject;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImageArchive;
import dev.ignite.engine.oci.ImageManifest;
import dev.ignite.engine.oci.ImageReference;
import dev.ignite.engine.oci.ImageSources;
import dev.ignite.engine.oci.RegistryAccess;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images in the store: {@code images/<digest>/rootfs.ext4} plus {@code image.json}. An import of an
 * image already present does no work; a failed import leaves nothing behind.
 */
public final class ImageStore {
    static final String ROOTFS_FILE = "rootfs.ext4";
    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);

    private final IgniteHome home;
    private final ObjectStore<Image> objects;

    public ImageStore(IgniteHome home) {
        this.home = home;
        this.objects = new ObjectStore<>(home, home.images(), "image", "image.json", Image.class,
                ImageNotFoundException::new);
    }

    /** Imports the image in an OCI or docker-archive tar under {@code name}; {@code sizeBytes} 0 = automatic. */
    public Image importArchive(Path archiveFile, String name, long sizeBytes) {
        if (!Files.isRegularFile(archiveFile)) {
            throw new IgniteException("image archive " + archiveFile + " does not exist or is not a file");
        }
        return importImage(ImportSpec.builder(ImageReference.parse(archiveFile.toString())).setName(name)
                .setSizeBytes(sizeBytes).build());
    }

    /**
     * Imports the image from any source; an image already in the store (same digest) is only named.
     * Concurrent imports of one image, in any JVMs, build it once.
     */
    public Image importImage(ImportSpec spec) {
        try (ImageArchive archive = ImageSources.open(spec.source(), registryAccess(home, spec), home.tmp())) {
            ImageManifest manifest = archive.manifest();
            return objects.storeOnce(manifest.digest().hex(), spec.name(),
                    folder -> build(archive, manifest, folder, spec.source().toString(), spec.sizeBytes()));
        }
    }

    public static RegistryAccess registryAccess(IgniteHome home, ImportSpec spec) {
        return new RegistryAccess(spec.allowInsecureRegistries(), spec.dockerConfig(), home.registryCache());
    }

    private Image build(ImageArchive archive, ImageManifest manifest, Path folder, String source, long sizeBytes) {
        Path work = null;
        try {
            work = Files.createTempDirectory(home.tmp(), "import-");
            Path tree = Files.createDirectory(work.resolve("tree"));
            UnpackedImage unpacked = UnpackedImage.unpack(archive, manifest, tree);
            if (!Files.exists(tree.resolve("sbin/init"), LinkOption.NOFOLLOW_LINKS)) {
                LOG.info("image {} has no /sbin/init: its VMs run the engine's init as PID 1, which starts the"
                        + " image's ENTRYPOINT and CMD", source);
            }
            long contentBytes = RootfsBuilder.contentBytes(tree);
            if (sizeBytes > 0 && sizeBytes < contentBytes) {
                throw new IgniteException("rootfs size " + sizeBytes / (1 << 20) + " MiB is too small for " + source
                        + ", whose files take " + (contentBytes >> 20) + " MiB: give a larger --size or leave it out");
            }
            Path staged = Files.createDirectory(work.resolve("image"));
            RootfsBuilder.build(tree, unpacked.ownership(), staged.resolve(ROOTFS_FILE), sizeBytes, work);
            JsonNode config = manifest.config().path("config");
            Image image = new Image(Image.KIND, StoredObject.API_VERSION, manifest.digest().shortId(), null,
                    manifest.digest().toString(), source, Files.size(staged.resolve(ROOTFS_FILE)), contentBytes,
                    strings(config.path("Entrypoint")), strings(config.path("Cmd")), strings(config.path("Env")),
                    labels(config.path("Labels")), Instant.now(), folder);
            objects.writeStaged(staged, image);
            Files.move(staged, folder, StandardCopyOption.ATOMIC_MOVE);
            return image;
        } catch (IOException e) {
            throw new IgniteException("importing " + source + " failed: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                FileTrees.deleteQuietly(work, null);
            }
        }
    }

    /** By name, or by a unique prefix of the ID or digest. */
    public Image get(String reference) {
        return objects.get(reference);
    }

    public Optional<Image> find(String reference) {
        return objects.find(reference);
    }

    /** Every readable image, newest first. */
    public List<Image> list() {
        return objects.list();
    }

    public void remove(Image image) {
        objects.remove(image);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new HashMap<>();
        object.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
