package dev.ignite.engine.oci;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens any {@link ImageReference} as an {@link ImageArchive}: archives and layouts in place, registries pulled first. */
public final class ImageSources {
    private ImageSources() {
    }

    /** The image; a pulled one lives in a folder under {@code scratch} that closing the archive deletes. */
    public static ImageArchive open(ImageReference reference, RegistryAccess access, Path scratch) {
        if (!reference.isRegistry()) {
            Path path = reference.path();
            boolean folder = reference.transport() == ImageReference.Transport.OCI_LAYOUT;
            if (folder ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
                throw new IgniteException("image " + (folder ? "layout folder " : "archive ") + path
                        + " does not exist or is not a " + (folder ? "folder" : "file"));
            }
            return ImageArchive.open(path, reference.tag(), () -> { });
        }
        Path work;
        try {
            work = Files.createTempDirectory(scratch, "pull-");
        } catch (IOException e) {
            throw new IgniteException("cannot make a folder to pull " + reference + " into under " + scratch + ": "
                    + e.getMessage(), e);
        }
        try {
            Path tar = work.resolve("image.oci.tar");
            RegistryPuller.pull(reference.location(), access, tar);
            return ImageArchive.open(tar, null, () -> FileTrees.deleteQuietly(work, null));
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(work, e);
            throw e;
        }
    }
}
