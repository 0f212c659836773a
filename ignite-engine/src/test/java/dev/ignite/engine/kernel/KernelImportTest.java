package dev.ignite.engine.kernel;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImagePacker;
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

    /** A kernel image tree: a stand-in bzImage with a real setup header, its config and a module folder. */
    private Path kernelImage(String version, String config) throws Exception {
        Path tree = tmp.resolve("tree-" + version);
        Files.createDirectories(tree.resolve("boot"));
        Files.createDirectories(tree.resolve("lib/modules/" + version + "/kernel"));
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
        Files.write(tree.resolve("boot/vmlinuz"), bzImage);
        Files.writeString(tree.resolve("boot/config"), "#\n" + config);
        Path archive = tmp.resolve(version + ".oci.tar");
        ImagePacker.pack(tree, "test/kernel:" + version, List.of(), Map.of(), archive);
        return archive;
    }
}
