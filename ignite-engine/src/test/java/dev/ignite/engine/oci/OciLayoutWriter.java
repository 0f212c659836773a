package dev.ignite.engine.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ignite.engine.store.Json;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes OCI image layouts for tests, as {@code skopeo} and {@code umoci} read them: gzipped layers,
 * config with diff_ids, manifest, and an index whose entries carry {@code ref.name} tags. With
 * {@link #addForeignArch} the tag points at a multi-arch index whose first entry is not amd64.
 */
public final class OciLayoutWriter {
    private final Path dir;
    private final ArrayNode indexEntries = Json.MAPPER.createArrayNode();

    public OciLayoutWriter(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    /** Adds an image of these layer tars (applied in order), tagged {@code tag}; returns its manifest digest. */
    public Digest addImage(String tag, List<String> entrypoint, byte[]... layers) throws IOException {
        ObjectNode manifest = manifest("amd64", entrypoint, layers);
        ObjectNode descriptor = descriptor(manifest, "application/vnd.oci.image.manifest.v1+json");
        descriptor.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        indexEntries.add(descriptor);
        writeIndex();
        return Digest.parse(descriptor.path("digest").asText());
    }

    /** Adds a tag naming a multi-arch index: an arm64 image (listed first) and the given amd64 one. */
    public void addMultiArch(String tag, byte[] amd64Layer, byte[] arm64Layer) throws IOException {
        ObjectNode nested = Json.MAPPER.createObjectNode();
        nested.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode manifests = nested.putArray("manifests");
        for (String arch : List.of("arm64", "amd64")) {
            ObjectNode m = descriptor(manifest(arch, List.of("/sbin/init"),
                    arch.equals("amd64") ? amd64Layer : arm64Layer), "application/vnd.oci.image.manifest.v1+json");
            m.putObject("platform").put("os", "linux").put("architecture", arch);
            manifests.add(m);
        }
        ObjectNode descriptor = descriptor(nested, "application/vnd.oci.image.index.v1+json");
        descriptor.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        indexEntries.add(descriptor);
        writeIndex();
    }

    private ObjectNode manifest(String arch, List<String> entrypoint, byte[]... layers) throws IOException {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", arch).put("os", "linux");
        ArrayNode ep = config.putObject("config").putArray("Entrypoint");
        entrypoint.forEach(ep::add);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        ArrayNode layerNodes = Json.MAPPER.createArrayNode();
        for (byte[] layer : layers) {
            diffIds.add(Digest.of(layer).toString());
            layerNodes.add(blob(gzip(layer), "application/vnd.oci.image.layer.v1.tar+gzip"));
        }
        manifest.set("config", blob(Json.MAPPER.writeValueAsBytes(config), "application/vnd.oci.image.config.v1+json"));
        manifest.set("layers", layerNodes);
        return manifest;
    }

    /** Adds a one-layer image from a tar file too big for memory, gzipped into the layout; returns its manifest digest. */
    public Digest addImageFromTarFile(String tag, Path layerTar) throws IOException {
        Path gz = dir.resolve("blobs/sha256/.incoming");
        var diffSha = Digest.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(layerTar), diffSha);
             OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        Digest blob = Digest.of(gz);
        long size = Files.size(gz);
        Files.move(gz, dir.resolve("blobs/sha256/" + blob.hex()));
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Entrypoint").add("/sbin/init");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add("sha256:" + HexFormat.of().formatHex(diffSha.digest()));
        ObjectNode manifest = Json.MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.set("config", blob(Json.MAPPER.writeValueAsBytes(config), "application/vnd.oci.image.config.v1+json"));
        ObjectNode layer = manifest.putArray("layers").addObject();
        layer.put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip").put("digest", blob.toString())
                .put("size", size);
        ObjectNode descriptor = descriptor(manifest, "application/vnd.oci.image.manifest.v1+json");
        descriptor.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        indexEntries.add(descriptor);
        writeIndex();
        return Digest.parse(descriptor.path("digest").asText());
    }

    private ObjectNode descriptor(ObjectNode json, String mediaType) throws IOException {
        return blob(Json.MAPPER.writeValueAsBytes(json), mediaType);
    }

    private ObjectNode blob(byte[] bytes, String mediaType) throws IOException {
        Digest digest = Digest.of(bytes);
        Files.write(dir.resolve("blobs/sha256/" + digest.hex()), bytes);
        ObjectNode descriptor = Json.MAPPER.createObjectNode();
        descriptor.put("mediaType", mediaType).put("digest", digest.toString()).put("size", bytes.length);
        return descriptor;
    }

    private void writeIndex() throws IOException {
        ObjectNode index = Json.MAPPER.createObjectNode();
        index.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.set("manifests", indexEntries);
        Files.write(dir.resolve("index.json"), Json.MAPPER.writeValueAsBytes(index));
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
