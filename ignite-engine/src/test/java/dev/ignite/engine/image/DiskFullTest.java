package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.LayerTar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Layers applied to a real, small disk (a 1 MiB tmpfs): a full disk is reported as one, with path and sizes. */
class DiskFullTest {
    @TempDir
    Path tmp;
    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        int exit;
        String output;
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", disk.toString())
                    .redirectErrorStream(true).start();
            output = new String(mount.getInputStream().readAllBytes()).strip();
            exit = mount.waitFor(30, TimeUnit.SECONDS) ? mount.exitValue() : -1;
        } catch (IOException e) {
            exit = -1;
            output = e.getMessage();
        }
        boolean mounted = exit == 0;
        if (!mounted) {
            disk = null;
        }
        assumeTrue(mounted, "cannot mount a small tmpfs to fill (needs root): " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            Process umount = new ProcessBuilder("umount", disk.toString()).inheritIO().start();
            assertThat(umount.waitFor()).isZero();
        }
    }

    @Test
    void aFileLargerThanTheFreeSpaceIsRefusedAsDiskFullBeforeTheDiskFills() throws IOException {
        Path root = Files.createDirectories(disk.resolve("root"));
        LayerApplier applier = new LayerApplier(root, false);
        byte[] layer = new LayerTar().file("big", "x".repeat(2 << 20)).bytes();

        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(layer), "sha256:big"))
                .isInstanceOf(IgniteException.class)
                .hasMessageStartingWith("disk full: writing " + root.resolve("big") + " for layer sha256:big needs at least ")
                .hasMessageContaining("but only ")
                .hasMessageContaining(" are free on that disk")
                .hasMessageNotContaining("corrupt");
        assertThat(Files.getFileStore(disk).getUsableSpace()).isPositive();
    }

    @Test
    void anExt4ImageTooLargeForTheFreeSpaceIsRefusedBeforeMkfsStarts() throws IOException {
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        Files.write(staging.resolve("big"), new byte[2 << 20]);
        Path output = disk.resolve("rootfs.ext4");

        assertThatThrownBy(() -> RootfsBuilder.build(staging, java.util.Map.of(), output, 0, tmp))
                .isInstanceOf(IgniteException.class)
                .hasMessageMatching("disk full: writing the ext4 image " + java.util.regex.Pattern.quote(output.toString())
                        + " needs about 2,097,664 bytes \\(2 MiB\\), but only [\\d,]+ bytes( \\(\\d+ MiB\\))? are free on that disk; .*");
        assertThat(output).doesNotExist();
    }

    @Test
    void aDiskThatFillsAnywayIsReportedAsFullNamingThePath() throws IOException {
        // Each small file takes a whole page on tmpfs: the bytes stay far below the free space, the pages do not.
        Path root = Files.createDirectories(disk.resolve("root"));
        LayerApplier applier = new LayerApplier(root, false);
        LayerTar tar = new LayerTar();
        for (int i = 0; i < 400; i++) {
            tar.file("f" + i, "0123456789");
        }
        byte[] layer = tar.bytes();

        assertThatThrownBy(() -> applier.apply(new ByteArrayInputStream(layer), "sha256:many"))
                .isInstanceOf(IgniteException.class)
                .hasMessageMatching("disk full: writing " + java.util.regex.Pattern.quote(root.toString())
                        + "/f\\d+ for layer sha256:many needs at least 10 bytes, but only \\d+ bytes are free on that"
                        + " disk; .*");
    }
}
