package dev.ignite.engine.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An image in a single tar file, in either of the two formats tools write: an OCI image layout
 * archive ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…}) or a {@code docker save}
 * archive ({@code manifest.json}). Blobs are verified against their digests as they are read.
 */
public final class ImageArchive implements AutoCloseable {
    private final Path file;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    private ImageArchive(Path file, TarFile tar) {
        this.file = file;
        this.tar = tar;
        for (TarArchiveEntry entry : tar.getEntries()) {
            entries.put(stripDotSlash(entry.getName()), entry);
        }
    }

    public static ImageArchive open(Path file) {
        try {
            return new ImageArchive(file, new TarFile(file.toFile()));
        } catch (IOException e) {
            throw new IgniteException("cannot read image archive " + file + ": " + e.getMessage()
                    + " (expected a tar written by `docker save`, `skopeo copy … oci-archive:` or `ignite`)", e);
        }
    }

    public Path file() {
        return file;
    }

    public ImageManifest manifest() {
        if (entries.containsKey("index.json")) {
            return ociManifest();
        }
        if (entries.containsKey("manifest.json")) {
            return dockerManifest();
        }
        throw new IgniteException(file + " is not an image archive: it has neither index.json (OCI) nor"
                + " manifest.json (docker save)");
    }

    private ImageManifest ociManifest() {
        JsonNode index = readJson("index.json");
        JsonNode descriptor = pickAmd64(index.path("manifests"));
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
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("Layers")) {
            String path = layer.asText();
            // docker save names blobs by digest in newer versions, by a random ID in older ones.
            layers.add(new Layer(null, "docker-archive:" + path, entry(path).getSize()));
        }
        return new ImageManifest(Digest.of(configBytes), layers, config);
    }

    /** The layer's uncompressed tar stream; its digest is checked when the stream is fully read. */
    public InputStream openLayer(Layer layer) throws IOException {
        String name = layer.mediaType().startsWith("docker-archive:")
                ? layer.mediaType().substring("docker-archive:".length())
                : "blobs/sha256/" + layer.digest().hex();
        InputStream raw = tar.getInputStream(entry(name));
        if (layer.digest() != null) {
            raw = new VerifyingInputStream(raw, layer.digest(), file + ":" + name);
        }
        return decompress(new BufferedInputStream(raw, 1 << 16), layer.mediaType(), name);
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
        try (InputStream in = tar.getInputStream(entry(name))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IgniteException("cannot read " + name + " from " + file + ": " + e.getMessage(), e);
        }
    }

    private TarArchiveEntry entry(String name) {
        TarArchiveEntry entry = entries.get(stripDotSlash(name));
        if (entry == null) {
            throw new IgniteException(file + " lacks " + name + ": the archive is incomplete or corrupt");
        }
        return entry;
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

    private static String stripDotSlash(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    @Override
    public void close() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new IgniteException("cannot close " + file, e);
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
