package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.LayerTar;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Layers written to hurt: whiteouts of the root, markers reached through links, bombs, oversized headers. */
class HostileLayerTest {
    @TempDir
    Path tmp;

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("root"));
    }

    private static void apply(LayerApplier applier, byte[] layer, String name) throws IOException {
        applier.apply(new ByteArrayInputStream(layer), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {".wh.", ".wh..", "./.wh.", "etc/.wh.", "etc/.wh.."})
    void whiteoutsNamingNoEntryAreRefusedAndDeleteNothing(String whiteout) throws IOException {
        Path root = root();
        LayerApplier applier = new LayerApplier(root, false);
        apply(applier, new LayerTar().file("etc/keep", "1").file("top", "2").bytes(), "lower");

        assertThatThrownBy(() -> apply(applier, new LayerTar().file(whiteout, "").bytes(), "upper"))
                .isInstanceOf(UnsafeLayerException.class)
                .hasMessageContaining("a whiteout must name one entry of its folder");
        assertThat(root.resolve("etc/keep")).hasContent("1");
        assertThat(root.resolve("top")).hasContent("2");
    }

    @Test
    void opaqueMarkerReachedThroughASymlinkedFolderClearsOnlyLowerLayersOfTheRealFolder() throws IOException {
        Path root = root();
        LayerApplier applier = new LayerApplier(root, false);
        apply(applier, new LayerTar().file("real/lower", "old").symlink("link", "/real").bytes(), "lower");
        apply(applier, new LayerTar().file("real/upper", "new").opaque("link").bytes(), "upper");

        assertThat(root.resolve("real/lower")).doesNotExist();
        assertThat(root.resolve("real/upper")).hasContent("new");
        assertThat(applier.ownership()).containsKey("real/upper").doesNotContainKey("real/lower");
    }

    @Test
    void whiteoutThroughASymlinkedFolderForgetsTheRealEntry() throws IOException {
        Path root = root();
        LayerApplier applier = new LayerApplier(root, false);
        apply(applier, new LayerTar().file("real/gone", "x", 0644, 5, 5).symlink("link", "real").bytes(), "lower");
        apply(applier, new LayerTar().whiteout("link/gone").bytes(), "upper");

        assertThat(root.resolve("real/gone")).doesNotExist();
        assertThat(applier.ownership()).doesNotContainKey("real/gone");
    }

    @Test
    void ownersOfEntriesWrittenThroughALinkAreKeyedByWhereTheyLand() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Path root = root();
        LayerApplier applier = new LayerApplier(root, false);
        apply(applier, new LayerTar().symlink("link", host.toString())
                .file("link/file", "x", 0600, 1234, 1234).bytes(), "layer");

        String landed = host.toString().substring(1) + "/file";
        assertThat(root.resolve(landed)).hasContent("x");
        assertThat(applier.ownership()).containsKey(landed).doesNotContainKey("link/file");
        assertThat(applier.ownership().get(landed).uid()).isEqualTo(1234);
    }

    @Test
    void gzipBombStopsAtTheExpandedSizeCapWithoutFillingTheDisk() throws IOException {
        long cap = 8L << 20;
        byte[] bomb = gzippedTarOfZeros("bomb", 64L << 20);
        assertThat(bomb.length).isLessThan(256 << 10);
        Path root = root();
        LayerApplier applier = new LayerApplier(root, false, cap);

        assertThatThrownBy(() -> applier.apply(new GzipCompressorInputStream(new ByteArrayInputStream(bomb)), "sha256:bomb"))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("layer sha256:bomb expands to more than 8,388,608 bytes (8 MiB), the most a layer may")
                .hasMessageNotContaining("corrupt");
        assertThat(Files.size(root.resolve("bomb"))).isLessThanOrEqualTo(cap);
    }

    @ParameterizedTest
    @ValueSource(chars = {'x', 'X', 'g', 'L', 'K'})
    void oversizedHeadersAreRefusedBeforeTheyAreRead(char type) {
        long announced = 400L << 20;
        byte[] start = RawTar.header("./PaxHeaders/big", type, announced);
        // Only the header block and a little of its data exist: the refusal must come before the rest is read.
        byte[] layer = java.util.Arrays.copyOf(start, start.length + 4096);

        assertThatThrownBy(() -> apply(new LayerApplier(root(), false), layer, "layer"))
                .isInstanceOf(UnsafeLayerException.class)
                .hasMessageContaining("'./PaxHeaders/big'")
                .hasMessageContaining("header holds 419,430,400 bytes (400 MiB), more than the 1,048,576 bytes (1 MiB)");
    }

    @Test
    void solarisXHeadersAreReadAsPaxHeadersWithBinaryXattrsIntact() throws IOException {
        byte[] binary = {0x01, 0x00, (byte) 0xff, (byte) 0x80};
        byte[] pax = RawTar.paxRecord("SCHILY.xattr.security.capability", binary);
        byte[] layer = new RawTar()
                .entry("./PaxHeaders/tool", 'X', pax)
                .entry("tool", '0', "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))
                .entry("plain", '0', "text".getBytes(StandardCharsets.UTF_8))
                .end();
        LayerApplier applier = new LayerApplier(root(), false);

        apply(applier, layer, "layer");

        assertThat(applier.ownership().get("tool").xattrs().get("security.capability")).containsExactly(binary);
        assertThat(applier.ownership().get("plain").xattrs()).isEmpty();
    }

    @Test
    void aSparseFileWhoseLastBlockLooksLikeAHugeHeaderIsNotMistakenForOne() throws Exception {
        // Ten data regions: GNU tar's old sparse format needs an extension header block for them,
        // which the header watcher must skip to stay in step with the data.
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        byte[] lookalike = RawTar.header("not-a-header", 'x', 400L << 20);
        long length = 9 * 65536L + 4096;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tree.resolve("sparse").toFile(), "rw")) {
            for (int i = 0; i < 9; i++) {
                f.seek(i * 65536L);
                f.write('a' + i);
            }
            f.seek(length - lookalike.length); // the file's last block: the archive's last data block
            f.write(lookalike);
        }
        Path layer = tmp.resolve("sparse.tar");
        dev.ignite.engine.host.HostCommand.run(List.of("tar", "--sparse", "--format=gnu", "-C", tree.toString(), "-cf",
                layer.toString(), "sparse"), tmp, java.time.Duration.ofSeconds(30));
        byte[] bytes = Files.readAllBytes(layer);
        assertThat((char) bytes[156]).as("an old-GNU sparse header").isEqualTo('S');
        assertThat(bytes[482]).as("with an extension block").isEqualTo((byte) 1);
        Path root = root();

        apply(new LayerApplier(root, false), bytes, "sparse");

        assertThat(Files.size(root.resolve("sparse"))).isEqualTo(length);
    }

    static byte[] gzippedTarOfZeros(String name, long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[1 << 20];
            for (long left = size; left > 0; left -= zeros.length) {
                tar.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
