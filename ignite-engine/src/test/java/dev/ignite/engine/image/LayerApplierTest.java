package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerApplierTest {
    @TempDir
    Path tmp;

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("root"));
    }

    @Test
    void rejectsDotDotPathsAndWritesNothingOutside() throws IOException {
        LayerApplier applier = new LayerApplier(root(), false);
        byte[] layer = tar(file("../escaped", "x"));

        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(layer), "bad"))
                .isInstanceOf(UnsafeLayerException.class)
                .hasMessageContaining("'../escaped'");
        assertThat(tmp.resolve("escaped")).doesNotExist();
    }

    @Test
    void absoluteSymlinksResolveInsideTheRootNotOnTheHost() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("host-etc"));
        LayerApplier applier = new LayerApplier(root(), false);
        // A link to the host folder's absolute path, then a file written through it.
        byte[] layer = tar(symlink("etc", outside.toString()), file("etc/passwd", "owned"));

        applier.apply(new ByteArrayInputStream(layer), "layer");

        assertThat(outside).isEmptyDirectory();
        assertThat(tmp.resolve("root" + outside + "/passwd")).hasContent("owned");
    }

    @Test
    void relativeSymlinkClimbingAboveTheRootIsRejected() throws IOException {
        LayerApplier applier = new LayerApplier(root(), false);
        byte[] layer = tar(symlink("up", "../../.."), file("up/evil", "x"));

        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(layer), "bad"))
                .isInstanceOf(UnsafeLayerException.class)
                .hasMessageContaining("'up/evil'");
    }

    @Test
    void whiteoutsAndOpaqueFoldersHideLowerLayers() throws IOException {
        Path root = root();
        LayerApplier applier = new LayerApplier(root, false);
        applier.apply(new ByteArrayInputStream(tar(file("a/keep", "1"), file("a/gone", "2"), file("b/old", "3"))), "lower");
        applier.apply(new ByteArrayInputStream(tar(file("a/.wh.gone", ""), file("b/new", "4"), file("b/.wh..wh..opq", ""))), "upper");

        assertThat(root.resolve("a/keep")).exists();
        assertThat(root.resolve("a/gone")).doesNotExist();
        assertThat(root.resolve("b/old")).doesNotExist();
        assertThat(root.resolve("b/new")).hasContent("4");
        assertThat(applier.ownership()).containsKeys("a/keep", "b/new").doesNotContainKeys("a/gone", "b/old");
    }

    @Test
    void truncatedLayerFailsClearly() throws IOException {
        LayerApplier applier = new LayerApplier(root(), false);
        byte[] whole = tar(file("big", "x".repeat(10_000)));
        byte[] truncated = Arrays.copyOf(whole, 3_000);

        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(truncated), "sha256:abc"))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("layer sha256:abc is corrupt or truncated");
    }

    /** A tar entry with its content. */
    private record Entry(TarArchiveEntry header, byte[] content) {
    }

    private static Entry file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry header = new TarArchiveEntry(name);
        header.setSize(bytes.length);
        header.setMode(0100644);
        return new Entry(header, bytes);
    }

    private static Entry symlink(String name, String target) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        header.setLinkName(target);
        return new Entry(header, new byte[0]);
    }

    private static byte[] tar(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                out.putArchiveEntry(e.header());
                out.write(e.content());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
