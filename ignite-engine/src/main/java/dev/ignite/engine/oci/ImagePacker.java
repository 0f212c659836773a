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
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
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
        Path work = null;
        try {
            work = Files.createTempDirectory(output.toAbsolutePath().getParent(), ".pack-");
            Path base = writeDockerArchive(tree, work);
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

    private static Path writeDockerArchive(Path tree, Path work) throws IOException {
        Path layer = work.resolve("layer.tar");
        MessageDigest sha = Digest.sha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(layer), sha)) {
            LayerTarWriter.write(tree, out);
        }
        String diffId = "sha256:" + HexFormat.of().formatHex(sha.digest());
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
            for (String name : List.of("manifest.json", "config.json", "layer.tar")) {
                var entry = tar.createArchiveEntry(work.resolve(name), name);
                tar.putArchiveEntry(entry);
                Files.copy(work.resolve(name), tar);
                tar.closeArchiveEntry();
            }
        }
        Files.delete(layer);
        return archive;
    }
}
