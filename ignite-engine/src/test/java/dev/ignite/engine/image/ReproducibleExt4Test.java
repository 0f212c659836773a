package dev.ignite.engine.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The same tree, staged twice at different times, gives byte-identical ext4 images (real mkfs.ext4). */
class ReproducibleExt4Test {
    private static final FileTime LAYER_TIME = FileTime.fromMillis(1_600_000_000_000L);

    @Test
    void theSameTreeStagedAtAnotherTimeGivesTheSameBytes(@TempDir Path tmp) throws Exception {
        Path first = stage(tmp.resolve("first"));
        Path one = tmp.resolve("one.ext4");
        RootfsBuilder.build(first, Map.of(), one, 16L << 20, Files.createDirectory(tmp.resolve("scratch1")));
        Thread.sleep(1100); // another second: the staging's change and access times differ, and mkfs's clock would
        Path second = stage(tmp.resolve("second"));
        Files.readAllBytes(second.resolve("etc/motd")); // an access
        Path two = tmp.resolve("two.ext4");
        RootfsBuilder.build(second, Map.of(), two, 16L << 20, Files.createDirectory(tmp.resolve("scratch2")));

        assertThat(sha256(two)).isEqualTo(sha256(one));
        Path other = stage(tmp.resolve("other"));
        Files.writeString(other.resolve("etc/motd"), "changed\n");
        Files.setLastModifiedTime(other.resolve("etc/motd"), LAYER_TIME);
        Path three = tmp.resolve("three.ext4");
        RootfsBuilder.build(other, Map.of(), three, 16L << 20, Files.createDirectory(tmp.resolve("scratch3")));
        assertThat(sha256(three)).as("other content, other bytes").isNotEqualTo(sha256(one));
    }

    /** A small tree with the layers' modification times, as LayerApplier leaves it. */
    private static Path stage(Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("etc/motd"), "hello\n");
        Files.writeString(root.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
        Files.createSymbolicLink(root.resolve("usr/bin/alias"), Path.of("tool"));
        Files.getFileAttributeView(root.resolve("usr/bin/alias"), java.nio.file.attribute.BasicFileAttributeView.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).setTimes(LAYER_TIME, null, null);
        for (String path : new String[] {"etc/motd", "usr/bin/tool", "usr/bin", "usr", "etc", ""}) {
            Files.setLastModifiedTime(root.resolve(path), LAYER_TIME);
        }
        return root;
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
