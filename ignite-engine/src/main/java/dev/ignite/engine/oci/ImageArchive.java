package dev.ignite.engine.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.Json;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An image in an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}),
 * as a tar or a folder, or in a {@code docker save} tar ({@code manifest.json}). Blobs are verified
 * against their digests as they are read.
 */
public final class ImageArchive implements AutoCloseable {
    private final Path file;
    private final LayoutEntries entries;
    private final String tag;
    private final Runnable onClose;

    private ImageArchive(Path file, LayoutEntries entries, String tag, Runnable onClose) {
        this.file = file;
        this.entries = entries;
        this.tag = tag;
        this.onClose = onClose;
    }

    /** A tar in either format, or an OCI layout folder. */
    public static ImageArchive open(Path file) {
        return open(file, null, () -> { });
    }

    /** As {@link #open(Path)}; {@code tag} picks the manifest of a layout by its ref.name annotation. */
    public static ImageArchive open(Path file, String tag, Runnable onClose) {
        try {
            LayoutEntries entries = Files.isDirectory(file) ? LayoutEntries.folder(file) : LayoutEntries.tar(file);
            return new ImageArchive(file, entries, tag, onClose);
        } catch (IOException e) {
            onClose.run();
            throw new IgniteException("cannot read image archive " + file + ": " + e.getMessage()
                    + " (expected a tar written by `docker save`, `skopeo copy … oci-archive:` or `ignite`)", e);
        }
    }

    public Path file() {
        return file;
    }

    public ImageManifest manifest() {
        if (entries.has("index.json")) {
            return ociManifest();
        }
        if (entries.has("manifest.json")) {
            return dockerManifest();
        }
        throw new IgniteException(file + " is not an image archive: it has neither index.json (OCI) nor"
                + " manifest.json (docker save)");
    }

    private ImageManifest ociManifest() {
        JsonNode index = readJson("index.json");
        JsonNode descriptor = pickAmd64(tagged(index.path("manifests")));
        Digest digest = Digest.parse(descriptor.path("digest").asText());
        JsonNode manifest = readJson(readBlob(digest));
        if (manifest.has("manifests")) { // a nested index, as multi-arch archives have
            descriptor = pickAmd64(manifest.path("manifests"));
            digest = Digest.parse(descriptor.path("digest").asText());
            manifest = readJson(readBlob(digest));
        }
        JsonNode config = readJson(readBlob(Digest.parse(manifest.path("config").path("digest").asText())));
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(new Layer(Digest.parse(layer.path("digest").asText()), layer.path("mediaType").asText(),
                    layer.path("size").asLong()));
        }
        return new ImageManifest(digest, layers, config);
    }

    /** The index entries named {@code tag} (by their {@code org.opencontainers.image.ref.name}), or all. */
    private JsonNode tagged(JsonNode manifests) {
        if (tag == null) {
            return manifests;
        }
        var matching = Json.MAPPER.createArrayNode();
        List<String> tags = new ArrayList<>();
        for (JsonNode m : manifests) {
            String ref = m.path("annotations").path("org.opencontainers.image.ref.name").asText("");
            tags.add(ref);
            if (ref.equals(tag) || ref.endsWith(":" + tag)) {
                matching.add(m);
            }
        }
        if (matching.isEmpty()) {
            throw new IgniteException(file + " has no image tagged '" + tag + "'; its tags: " + tags);
        }
        return matching;
    }

    private JsonNode pickAmd64(JsonNode manifests) {
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw new IgniteException(file + ": index.json lists no image manifest");
        }
        for (JsonNode m : manifests) {
            JsonNode platform = m.path("platform");
            if (platform.isMissingNode()
                    || ("linux".equals(platform.path("os").asText()) && "amd64".equals(platform.path("architecture").asText()))) {
                return m;
            }
        }
        throw new IgniteException(file + " has no linux/amd64 image among its " + manifests.size() + " manifests");
    }

    private ImageManifest dockerManifest() {
        JsonNode manifests = readJson("manifest.json");
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw new IgniteException(file + ": manifest.json lists no image");
        }
        JsonNode manifest = manifests.get(0);
        byte[] configBytes = readEntry(manifest.path("Config").asText());
        JsonNode config = readJson(configBytes);
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        // docker save names blobs by digest in newer versions, by a random ID in older ones; the
        // config's diff_ids (digests of the uncompressed layers) are what verifies them: one per layer.
        if (diffIds.size() != manifest.path("Layers").size()) {
            throw new IgniteException(file + ": manifest.json lists " + manifest.path("Layers").size()
                    + " layers but the image config's rootfs.diff_ids has " + diffIds.size()
                    + ", so its layers cannot be verified; the archive is inconsistent (write it again with `docker save`)");
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("Layers")) {
            String path = layer.asText();
            Digest diffId = Digest.parse(diffIds.get(layers.size()).asText());
            layers.add(new Layer(null, "docker-archive:" + path, size(path), diffId));
        }
        return new ImageManifest(Digest.of(configBytes), layers, config);
    }

    /** The layer's uncompressed tar stream; its digest is checked when the stream is fully read. */
    public InputStream openLayer(Layer layer) throws IOException {
        String name = layer.mediaType().startsWith("docker-archive:")
                ? layer.mediaType().substring("docker-archive:".length())
                : "blobs/sha256/" + layer.digest().hex();
        entry(name);
        if (layer.digest() != null) {
            // Checked before any entry is applied, so a corrupt blob is reported as such rather
            // than as whatever the damaged bytes make the gzip or tar reader say.
            verifyBlob(name, layer.digest());
        }
        if (layer.diffId() != null) {
            // The same for a layer only its uncompressed digest verifies: expanded once to check it,
            // no further than a layer may expand.
            try (InputStream in = uncompressed(layer, name)) {
                byte[] buffer = new byte[1 << 16];
                long expanded = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    expanded += n;
                    if (expanded > Layer.MAX_EXPANDED_BYTES) {
                        throw new IgniteException("layer " + name + " of " + file + " expands to more than "
                                + (Layer.MAX_EXPANDED_BYTES >> 30) + " GiB, the most a layer may; it was not imported");
                    }
                }
            }
        }
        return uncompressed(layer, name);
    }

    /** The layer's tar, each digest it has checked when the stream has been read to its end. */
    private InputStream uncompressed(Layer layer, String name) throws IOException {
        InputStream raw = entries.open(name);
        if (layer.digest() != null) {
            raw = new VerifyingInputStream(raw, layer.digest(), file + ":" + name);
        }
        InputStream tar = decompress(new BufferedInputStream(raw, 1 << 16), layer.mediaType(), name);
        return layer.diffId() == null ? tar
                : new VerifyingInputStream(tar, layer.diffId(), file + ":" + name + " (uncompressed)");
    }

    private void verifyBlob(String name, Digest digest) throws IOException {
        try (InputStream in = new VerifyingInputStream(entries.open(name), digest, file + ":" + name)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private InputStream decompress(InputStream in, String mediaType, String name) throws IOException {
        if (mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd")) {
            throw new IgniteException("layer " + name + " of " + file + " is zstd-compressed, which is not supported yet:"
                    + " convert the image with `skopeo copy --dest-compress-format gzip`");
        }
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(in, true) : in;
    }

    private byte[] readBlob(Digest digest) {
        byte[] bytes = readEntry("blobs/sha256/" + digest.hex());
        if (!Digest.of(bytes).equals(digest)) {
            throw new IgniteException(file + ": blob " + digest + " does not match its digest: the archive is corrupt");
        }
        return bytes;
    }

    private byte[] readEntry(String name) {
        entry(name);
        try (InputStream in = entries.open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IgniteException("cannot read " + name + " from " + file + ": " + e.getMessage(), e);
        }
    }

    private void entry(String name) {
        if (!entries.has(name)) {
            throw new IgniteException(file + " lacks " + name + ": the archive is incomplete or corrupt");
        }
    }

    private long size(String name) {
        entry(name);
        return entries.size(name);
    }

    private JsonNode readJson(String name) {
        return readJson(readEntry(name));
    }

    private JsonNode readJson(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IgniteException(file + " holds malformed JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            entries.close();
        } catch (IOException e) {
            throw new IgniteException("cannot close " + file, e);
        } finally {
            onClose.run();
        }
    }

    /** Fails at end of stream when the bytes read do not hash to the expected digest. */
    private static final class VerifyingInputStream extends DigestInputStream {
        private final Digest expected;
        private final String what;
        private boolean verified;

        VerifyingInputStream(InputStream in, Digest expected, String what) {
            super(in, Digest.sha256());
            this.expected = expected;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                verify();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                verify();
            }
            return n;
        }

        private void verify() throws IOException {
            if (verified) {
                return;
            }
            verified = true;
            MessageDigest md = getMessageDigest();
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(expected.hex())) {
                throw new IOException(what + " does not match its digest " + expected + " (got sha256:" + actual
                        + "): the layer is corrupt or truncated");
            }
        }
    }
}
