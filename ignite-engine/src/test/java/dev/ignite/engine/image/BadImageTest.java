package dev.ignite.engine.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImageArchive;
import dev.ignite.engine.oci.Layer;
import dev.ignite.engine.oci.LayerTar;
import dev.ignite.engine.oci.OciLayoutWriter;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad input fails with one clear line naming the culprit, and leaves nothing in the store or outside it. */
class BadImageTest {
    @TempDir
    Path tmp;
    IgniteHome home;
    ImageStore store;
    Path outside;

    @BeforeEach
    void setUp() throws Exception {
        home = IgniteHome.at(tmp.resolve("home"));
        store = new ImageStore(home);
        outside = Files.createDirectories(tmp.resolve("outside"));
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        assertThat(store.list()).as("images in the store").isEmpty();
        assertThat(home.images()).as("image folders").isEmptyDirectory();
        assertThat(home.tmp()).as("staging").isEmptyDirectory();
        assertThat(outside).as("the folder outside the image").isEmptyDirectory();
    }

    @Test
    void corruptLayerBlobFailsItsDigestCheck() throws Exception {
        Path layout = layout(new LayerTar().file("data", "x".repeat(100_000)).bytes());
        Path blob = largestBlob(layout);
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(f.read() ^ 0xff);
        }
        assertImportFails(layout, "does not match its digest sha256:" + blob.getFileName());
    }

    @Test
    void truncatedLayerBlobFailsClearly() throws Exception {
        Path layout = layout(new LayerTar().file("data", "y".repeat(100_000)).bytes());
        Path blob = largestBlob(layout);
        try (RandomAccessFile f = new RandomAccessFile(blob.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertImportFails(layout, "is corrupt or truncated");
    }

    @Test
    void dotDotEntryIsRefusedByName() throws Exception {
        assertImportFails(layout(new LayerTar().file("ok", "1").file("../../outside/evil", "x").bytes()),
                "unsafe layer entry '../../outside/evil': its path climbs out of the image root");
    }

    @Test
    void absoluteSymlinkFollowedByALaterEntryStaysInside() throws Exception {
        // The link points at the host's folder; the file written through it must land in the image.
        Path layout = layout(new LayerTar().symlink("etc", outside.toString()).file("etc/passwd", "owned").bytes(),
                new LayerTar().file("../escape", "x").bytes());
        assertImportFails(layout, "unsafe layer entry '../escape'");
    }

    @Test
    void symlinkClimbingOutThenFollowedIsRefusedByName() throws Exception {
        assertImportFails(layout(new LayerTar().symlink("up", "../../../../outside").file("up/evil", "x").bytes()),
                "unsafe layer entry 'up/evil': a symlink on its path leads above the image root");
    }

    @Test
    void hardLinkOutsideTheRootIsRefusedByName() throws Exception {
        assertImportFails(layout(new LayerTar().hardlink("passwd", "../../../../etc/passwd").bytes()),
                "unsafe layer entry '../../../../etc/passwd'");
    }

    @Test
    void hardLinkThroughAnAbsoluteSymlinkFindsNoHostFile() throws Exception {
        assertImportFails(layout(new LayerTar().symlink("hostetc", "/etc").hardlink("stolen", "hostetc/passwd").bytes()),
                "unsafe layer entry 'stolen': hard link to 'hostetc/passwd', which is not a file already in the image");
    }

    @Test
    void dockerArchiveLayerNotMatchingItsDiffIdFails() throws Exception {
        Path archive = dockerArchive(List.of("sha256:" + "0".repeat(64)), new LayerTar().file("f", "content").bytes());
        assertThatThrownBy(() -> store.importImage(ImportSpec.builder("docker-archive:" + archive).build()))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("layer.tar (uncompressed) does not match its digest sha256:" + "0".repeat(64));
    }

    @Test
    void dockerArchiveLayerIsVerifiedBeforeAnyOfItIsHandedOut() throws Exception {
        Path archive = dockerArchive(List.of("sha256:" + "0".repeat(64)), new LayerTar().file("f", "content").bytes());
        try (ImageArchive image = ImageArchive.open(archive)) {
            Layer layer = image.manifest().layers().get(0);

            assertThatThrownBy(() -> image.openLayer(layer).close())
                    .hasMessageContaining("layer.tar (uncompressed) does not match its digest sha256:" + "0".repeat(64));
        }
    }

    @Test
    void dockerArchiveWithFewerDiffIdsThanLayersIsRefused() throws Exception {
        Path archive = dockerArchive(List.of(), new LayerTar().file("f", "content").bytes());
        assertThatThrownBy(() -> store.importImage(ImportSpec.builder("docker-archive:" + archive).build()))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("manifest.json lists 1 layers but the image config's rootfs.diff_ids has 0");
    }

    /** A {@code docker save} archive of {@code layers} whose config claims {@code diffIds}. */
    private Path dockerArchive(List<String> diffIds, byte[]... layers) throws Exception {
        Path archive = tmp.resolve("docker.tar");
        var config = Json.MAPPER.createObjectNode();
        var ids = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        diffIds.forEach(ids::add);
        var manifest = Json.MAPPER.createArrayNode();
        var layerNames = manifest.addObject().put("Config", "config.json").putArray("Layers");
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("manifest.json", Json.MAPPER.writeValueAsBytes(manifest));
        files.put("config.json", Json.MAPPER.writeValueAsBytes(config));
        for (int i = 0; i < layers.length; i++) {
            layerNames.add(i == 0 ? "layer.tar" : "layer" + i + ".tar");
            files.put(i == 0 ? "layer.tar" : "layer" + i + ".tar", layers[i]);
        }
        files.put("manifest.json", Json.MAPPER.writeValueAsBytes(manifest));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            for (var e : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    @Test
    void missingBlobNamesIt() throws Exception {
        Path layout = layout(new LayerTar().file("f", "1").bytes());
        Path blob = largestBlob(layout);
        Files.delete(blob);
        assertImportFails(layout, "lacks blobs/sha256/" + blob.getFileName());
    }

    private Path layout(byte[]... layers) throws Exception {
        Path dir = tmp.resolve("layout");
        new OciLayoutWriter(dir).addImage("t", List.of("/sbin/init"), layers);
        return dir;
    }

    /** The first layer's blob, read from the manifest. */
    private static Path largestBlob(Path layout) throws Exception {
        JsonNode index = Json.MAPPER.readTree(layout.resolve("index.json").toFile());
        String manifest = index.path("manifests").get(0).path("digest").asText().substring(7);
        JsonNode m = Json.MAPPER.readTree(layout.resolve("blobs/sha256/" + manifest).toFile());
        return layout.resolve("blobs/sha256/" + m.path("layers").get(0).path("digest").asText().substring(7));
    }

    private void assertImportFails(Path layout, String message) {
        assertThatThrownBy(() -> store.importImage(ImportSpec.builder("oci:" + layout + ":t").setName("bad").build()))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining(message);
    }
}
