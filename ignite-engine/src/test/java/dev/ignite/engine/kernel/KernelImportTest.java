package dev.ignite.engine.kernel;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kernel images go through the image import path and are checked for what a microVM needs. */
class KernelImportTest {
    private static final String ALL_BUILT_IN = """
            CONFIG_VIRTIO_MMIO=y
            CONFIG_VIRTIO_BLK=y
            CONFIG_VIRTIO_NET=y
            CONFIG_EXT4_FS=y
            """;

    @TempDir
    Path tmp;

    @Test
    void kernelWithEverythingBuiltInImportsWithTheVersionFromItsHeader() throws Exception {
        KernelStore store = new KernelStore(IgniteHome.at(tmp.resolve("home")));
        Kernel kernel = store.importArchive(kernelImage("6.1.99-test", ALL_BUILT_IN), "test-kernel");

        assertThat(kernel.version()).isEqualTo("6.1.99-test");
        assertThat(store.list()).extracting(Kernel::name).containsExactly("test-kernel");
    }

    @Test
    void kernelWithoutVirtioBlockFailsAtImportNamingTheOption() throws Exception {
        KernelStore store = new KernelStore(IgniteHome.at(tmp.resolve("home")));
        Path archive = kernelImage("6.1.99-novirtio", ALL_BUILT_IN.replace("CONFIG_VIRTIO_BLK=y\n",
                "# CONFIG_VIRTIO_BLK is not set\n").replace("CONFIG_VIRTIO_NET=y\n", "CONFIG_VIRTIO_NET=m\n"));

        assertThatThrownBy(() -> store.importArchive(archive, "bad"))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("cannot boot a microVM: it lacks CONFIG_VIRTIO_BLK, CONFIG_VIRTIO_NET"
                        + " (neither built in nor shipped as a module)");
        assertThat(store.list()).isEmpty();
        assertThat(IgniteHome.at(tmp.resolve("home")).tmp()).as("staging").isEmptyDirectory();
    }

    @Test
    void bootLinkedToAHostFolderNeitherMovesNorReadsTheHostKernel() throws Exception {
        Path hostBoot = Files.createDirectories(tmp.resolve("host-boot"));
        Path hostKernel = Files.write(hostBoot.resolve("vmlinuz"), bzImage("6.1.99-host"));
        Files.writeString(hostBoot.resolve("config"), "#\n" + ALL_BUILT_IN);
        Path tree = kernelTree("6.1.99-linked", ALL_BUILT_IN);
        deleteBoot(tree);
        Files.createSymbolicLink(tree.resolve("boot"), hostBoot); // absolute: the image's own /…/host-boot
        KernelStore store = new KernelStore(IgniteHome.at(tmp.resolve("home")));

        assertThatThrownBy(() -> store.importArchive(pack(tree, "6.1.99-linked"), "linked"))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("has no kernel");
        assertThat(hostKernel).exists().hasBinaryContent(bzImage("6.1.99-host"));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void modulesLinkedToAHostFolderAreNotMovedIntoTheStore() throws Exception {
        Path hostModules = Files.createDirectories(tmp.resolve("host-modules/6.1.99-host/kernel"));
        Path hostModule = Files.writeString(hostModules.resolve("virtio_blk.ko"), "host module");
        Path tree = kernelTree("6.1.99-modlink", ALL_BUILT_IN);
        FileTrees.deleteRecursively(tree.resolve("lib/modules"));
        Files.createSymbolicLink(tree.resolve("lib/modules"), tmp.resolve("host-modules"));
        KernelStore store = new KernelStore(IgniteHome.at(tmp.resolve("home")));

        assertThatThrownBy(() -> store.importArchive(pack(tree, "6.1.99-modlink"), "modlink"))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("exactly one /lib/modules/VERSION folder, found 0");
        assertThat(hostModule).hasContent("host module");
    }

    @Test
    void linksInsideTheTreeAreFollowedWithinIt() throws Exception {
        // As merged-/usr images and Debian's vmlinuz links have them: /lib -> usr/lib, vmlinuz -> vmlinuz-VERSION.
        Path tree = kernelTree("6.1.99-usrmerge", ALL_BUILT_IN);
        Files.createDirectories(tree.resolve("usr"));
        Files.move(tree.resolve("lib"), tree.resolve("usr/lib"));
        Files.createSymbolicLink(tree.resolve("lib"), Path.of("usr/lib"));
        Files.move(tree.resolve("boot/vmlinuz"), tree.resolve("boot/vmlinuz-6.1.99-usrmerge"));
        Files.createSymbolicLink(tree.resolve("boot/vmlinuz"), Path.of("/boot/vmlinuz-6.1.99-usrmerge"));
        Files.writeString(tree.resolve("usr/lib/modules/6.1.99-usrmerge/kernel/virtio_net.ko"), "module");
        KernelStore store = new KernelStore(IgniteHome.at(tmp.resolve("home")));

        Kernel kernel = store.importArchive(pack(tree, "6.1.99-usrmerge"), "usrmerge");

        assertThat(kernel.version()).isEqualTo("6.1.99-usrmerge");
        assertThat(kernel.modules().resolve("kernel/virtio_net.ko")).hasContent("module");
    }

    @Test
    void aModuleThatLinksToAHostFileIsNotReadIntoTheInitramfs() throws Exception {
        Path secret = Files.writeString(tmp.resolve("host-secret"), "host secret");
        Path tree = kernelTree("6.1.99-modfile", ALL_BUILT_IN.replace("CONFIG_VIRTIO_BLK=y", "CONFIG_VIRTIO_BLK=m"));
        Files.createSymbolicLink(tree.resolve("lib/modules/6.1.99-modfile/kernel/virtio_blk.ko"), secret);
        KernelStore store = new KernelStore(IgniteHome.at(tmp.resolve("home")));

        // The link is no module: the kernel lacks virtio_blk, and the host file was never opened as one.
        assertThatThrownBy(() -> store.importArchive(pack(tree, "6.1.99-modfile"), "modfile"))
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("lacks CONFIG_VIRTIO_BLK");
        assertThat(secret).hasContent("host secret");
    }

    private static void deleteBoot(Path tree) throws Exception {
        FileTrees.deleteRecursively(tree.resolve("boot"));
    }

    /** A kernel image tree: a stand-in bzImage with a real setup header, its config and a module folder. */
    private Path kernelImage(String version, String config) throws Exception {
        return pack(kernelTree(version, config), version);
    }

    private Path kernelTree(String version, String config) throws Exception {
        Path tree = tmp.resolve("tree-" + version);
        Files.createDirectories(tree.resolve("boot"));
        Files.createDirectories(tree.resolve("lib/modules/" + version + "/kernel"));
        Files.write(tree.resolve("boot/vmlinuz"), bzImage(version));
        Files.writeString(tree.resolve("boot/config"), "#\n" + config);
        return tree;
    }

    private Path pack(Path tree, String version) throws Exception {
        Path archive = tmp.resolve(version + ".oci.tar");
        ImagePacker.pack(tree, "test/kernel:" + version, List.of(), Map.of(), archive);
        return archive;
    }

    /** A stand-in bzImage with a real setup header naming {@code version}. */
    private static byte[] bzImage(String version) {
        byte[] bzImage = new byte[0x1000];
        bzImage[0x202] = 'H';
        bzImage[0x203] = 'd';
        bzImage[0x204] = 'r';
        bzImage[0x205] = 'S';
        int offset = 0x400; // kernel_version field: offset of the string minus 0x200
        bzImage[0x20E] = (byte) ((offset - 0x200) & 0xff);
        bzImage[0x20F] = (byte) ((offset - 0x200) >> 8);
        byte[] text = (version + " (builder@test) #1 SMP").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, bzImage, offset, text.length);
        return bzImage;
    }
}
