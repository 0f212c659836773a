package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImageArchive;
import dev.ignite.engine.oci.ImageManifest;
import dev.ignite.engine.oci.Layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/** An image's layers applied to a staging folder, with the owners the files must get in the image. */
public final class UnpackedImage {
    private final ImageManifest manifest;
    private final Path tree;
    private final Map<String, EntryAttributes> ownership;

    private UnpackedImage(ImageManifest manifest, Path tree, Map<String, EntryAttributes> ownership) {
        this.manifest = manifest;
        this.tree = tree;
        this.ownership = ownership;
    }

    /** Applies every layer of the archive's image, in order, into {@code tree} (an empty folder). */
    public static UnpackedImage unpack(ImageArchive archive, ImageManifest manifest, Path tree) {
        LayerApplier applier = new LayerApplier(tree, LayerApplier.runningAsRoot());
        for (Layer layer : manifest.layers()) {
            String layerName = layer.digest() != null ? layer.digest().toString() : layer.mediaType();
            try (InputStream in = archive.openLayer(layer)) {
                applier.apply(in, layerName);
            } catch (IOException e) {
                throw new IgniteException("cannot apply layer " + layerName + " of " + archive.file() + ": "
                        + e.getMessage(), e);
            }
        }
        applier.finish();
        return new UnpackedImage(manifest, tree, applier.ownership());
    }

    public ImageManifest manifest() {
        return manifest;
    }

    public Path tree() {
        return tree;
    }

    Map<String, EntryAttributes> ownership() {
        return ownership;
    }
}
