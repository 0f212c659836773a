package dev.ignite.engine.image;

import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Binary xattr values (file capabilities, ACLs) as GNU tar writes them — raw bytes in SCHILY PAX
 * records, which commons-compress alone decodes as damaged UTF-8 — reach the ownership map intact.
 */
class BinaryXattrTest {
    /** A value that is no valid UTF-8: NUL, a high byte, a lone continuation byte. */
    private static final byte[] BINARY = {0x01, 0x00, 0x00, 0x02, (byte) 0xff, (byte) 0x80, 0x20, 0x00, 0x7f};

    @TempDir
    Path tmp;

    @Test
    void gnuTarsBinaryXattrValuesArriveByteForByte() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Path file = Files.writeString(tree.resolve("tool"), "#!/bin/sh\n");
        Files.writeString(tree.resolve("plain"), "no xattrs\n");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        try {
            view.write("bin", ByteBuffer.wrap(BINARY));
            view.write("text", ByteBuffer.wrap("hello".getBytes()));
        } catch (java.io.IOException e) {
            assumeTrue(false, "this file system takes no user xattrs: " + e.getMessage());
        }
        Path layer = tmp.resolve("layer.tar");
        HostCommand.run(List.of("tar", "--xattrs", "--xattrs-include=user.*", "--format=posix", "-C", tree.toString(),
                "-cf", layer.toString(), "plain", "tool"), tmp, java.time.Duration.ofSeconds(30));

        LayerApplier applier = new LayerApplier(Files.createDirectories(tmp.resolve("root")), false);
        try (InputStream in = Files.newInputStream(layer)) {
            applier.apply(in, "layer.tar");
        }

        EntryAttributes tool = applier.ownership().get("tool");
        assertThat(tool.xattrs()).containsKeys("user.bin", "user.text");
        assertThat(tool.xattrs().get("user.bin")).containsExactly(BINARY);
        assertThat(new String(tool.xattrs().get("user.text"))).isEqualTo("hello");
        assertThat(applier.ownership().get("plain").xattrs()).isEmpty();

        // ...and into the ext4 image, byte for byte.
        Path image = tmp.resolve("rootfs.ext4");
        RootfsBuilder.build(tmp.resolve("root"), applier.ownership(), image, 64L << 20, tmp);
        Path readBack = tmp.resolve("read-back");
        HostCommand.check(HostTool.DEBUGFS, "-R", "ea_get -f " + readBack + " /tool user.bin", image.toString());
        assertThat(Files.readAllBytes(readBack)).containsExactly(BINARY);
    }
}
