package dev.ignite.engine.oci;

import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Images the tests build themselves, with every layer feature a container runtime must get right. */
public final class TestImages {
    public static final String MULTI_LAYER_TAG = "multi";

    private TestImages() {
    }

    /**
     * A plain container image as most are: the host's static busybox, an os-release and
     * {@code entrypoint}; no init, no SSH server. Packed as an OCI archive in {@code dir}.
     */
    public static Path busyboxOnly(Path dir, String reference, List<String> entrypoint) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("busybox-tree"));
        Files.createDirectories(tree.resolve("bin"));
        Files.createDirectories(tree.resolve("etc"));
        Files.copy(HostTools.require(HostTool.BUSYBOX), tree.resolve("bin/busybox"));
        Files.createSymbolicLink(tree.resolve("bin/sh"), Path.of("busybox"));
        Files.writeString(tree.resolve("etc/os-release"), "NAME=\"only busybox\"\nID=plain\n");
        Path archive = dir.resolve("busybox-only.oci.tar");
        ImagePacker.pack(tree, reference, entrypoint, Map.of(), archive);
        return archive;
    }

    /**
     * Three layers: owners, setuid/setgid/sticky modes, symlinks, hard links, a fifo, a device node
     * and xattrs; then whiteouts, an opaque folder, a file replaced by a link, a hard link to a lower
     * layer's file; then a whited-out folder made again and a whiteout of something never there.
     */
    public static List<byte[]> multiLayer() {
        byte[] base = new LayerTar()
                .dir("bin", 0755).dir("etc", 0755).dir("tmp", 01777).dir("dev", 0755).dir("srv", 0750).owner(1000, 1000)
                .file("bin/busybox", "#!/bin/sh\necho busybox\n", 0755, 0, 0)
                .symlink("bin/sh", "busybox")
                .symlink("bin/abs", "/bin/busybox")
                .file("bin/su", "setuid", 04755, 0, 0)
                .file("bin/wall", "setgid", 02755, 0, 5)
                .hardlink("bin/busybox-hard", "bin/busybox")
                .file("etc/config", "key=value\n", 0640, 1000, 1000).xattr("user.origin", "layer-one")
                .file("srv/data", "data", 0600, 1000, 1000)
                .fifo("srv/pipe", 0620)
                .charDevice("dev/null", 1, 3)
                .dir("gone", 0755).file("gone/file", "x")
                .dir("opaque", 0755).file("opaque/a", "a").file("opaque/b", "b")
                .file("replaced", "a file first")
                .dir("deep", 0755).dir("deep/er", 0700).file("deep/er/file", "deep", 0444, 2, 3)
                .bytes();
        byte[] middle = new LayerTar()
                .whiteout("gone")
                .dir("opaque", 0711).opaque("opaque").file("opaque/c", "c")
                .symlink("replaced", "bin/busybox")
                .hardlink("etc/config-link", "etc/config")
                .dir("deep", 0755).whiteout("deep/er/file")
                .file("etc/config", "key=changed\n", 0644, 0, 0)
                .bytes();
        byte[] top = new LayerTar()
                .dir("gone", 0700).file("gone/new", "back")
                .whiteout("never-there")
                .dir("bin", 0755).whiteout("bin/wall")
                .file("bin/later", "later", 0700, 0, 0).xattr("user.note", "top")
                .bytes();
        return List.of(base, middle, top);
    }

    /** The multi-layer image as an OCI layout folder, tagged {@link #MULTI_LAYER_TAG}. */
    public static Path multiLayerLayout(Path dir) throws IOException {
        new OciLayoutWriter(dir).addImage(MULTI_LAYER_TAG, List.of("/bin/busybox"), multiLayer().toArray(byte[][]::new));
        return dir;
    }
}
