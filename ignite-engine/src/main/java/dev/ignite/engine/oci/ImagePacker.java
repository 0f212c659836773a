package dev.ignite.engine.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Packs a folder into an OCI image archive. jib-core assembles and writes the image, but its
 * file layers follow symlinks and drop setuid bits, so the rootfs layer is written here as a tar
 * and handed to Jib as a {@code docker save}-style base image.
 */
public final class ImagePacker {
    private ImagePacker() {
    }

    /** Writes {@code tree} as a one-layer OCI image named {@code reference} to {@code output}. */
    public static void pack(Path tree, String reference, List<String> entrypoint, Map<String, String> labels,
                            Path output) {
        if (!Files.isDirectory(tree)) {
            throw new IgniteException("cannot pack " + tree + ": not a folder");
        }
        pack(work -> {
            Path layer = work.resolve("layer.tar");
            try (OutputStream out = Files.newOutputStream(layer)) {
                LayerTarWriter.write(tree, out);
            }
            return layer;
        }, tree, reference, entrypoint, labels, output);
    }

    /** Writes a finished layer tar (owners, devices as they are in it) as a one-layer OCI image. */
    public static void packLayer(Path layerTar, String reference, List<String> entrypoint, Map<String, String> labels,
                                 Path output) {
        if (!Files.isRegularFile(layerTar)) {
            throw new IgniteException("cannot pack " + layerTar + ": not a file");
        }
        pack(work -> layerTar, layerTar, reference, entrypoint, labels, output);
    }

    private interface LayerSource {
        Path write(Path work) throws IOException;
    }

    private static void pack(LayerSource layerSource, Path what, String reference, List<String> entrypoint,
                             Map<String, String> labels, Path output) {
        Path tree = what;
        Path work = null;
        try {
            work = Files.createTempDirectory(output.toAbsolutePath().getParent(), ".pack-");
            Path base = writeDockerArchive(layerSource.write(work), work);
            JibContainerBuilder builder = Jib.from("tar://" + base.toAbsolutePath())
                    .setFormat(ImageFormat.OCI)
                    .setLabels(labels)
                    .setEntrypoint(entrypoint);
            Containerizer containerizer = Containerizer.to(TarImage.at(output).named(reference))
                    .setBaseImageLayersCache(work.resolve("cache"))
                    .setApplicationLayersCache(work.resolve("cache"))
                    .setOfflineMode(true);
            builder.containerize(containerizer);
        } catch (IOException | ExecutionException | com.google.cloud.tools.jib.api.InvalidImageReferenceException
                 | com.google.cloud.tools.jib.api.CacheDirectoryCreationException | com.google.cloud.tools.jib.api.RegistryException e) {
            throw new IgniteException("packing " + tree + " into " + output + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while packing " + tree, e);
        } finally {
            if (work != null) {
                FileTrees.deleteQuietly(work, null);
            }
        }
    }

    private static Path writeDockerArchive(Path layer, Path work) throws IOException {
        String diffId = Digest.of(layer).toString();
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        config.putObject("config");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(diffId);
        Files.write(work.resolve("config.json"), Json.MAPPER.writeValueAsBytes(config));
        ArrayNode manifest = Json.MAPPER.createArrayNode();
        ObjectNode image = manifest.addObject();
        image.put("Config", "config.json");
        image.putArray("Layers").add("layer.tar");
        Files.write(work.resolve("manifest.json"), Json.MAPPER.writeValueAsBytes(manifest));
        Path archive = work.resolve("base.tar");
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(archive))) {
            tar.setBigNumberMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path file : List.of(work.resolve("manifest.json"), work.resolve("config.json"), layer)) {
                String name = file.getFileName().toString().equals("layer.tar") || file.equals(layer) ? "layer.tar"
                        : file.getFileName().toString();
                var entry = tar.createArchiveEntry(file, name);
                tar.putArchiveEntry(entry);
                Files.copy(file, tar);
                tar.closeArchiveEntry();
            }
        }
        if (layer.startsWith(work)) {
            Files.delete(layer);
        }
        return archive;
    }
}
