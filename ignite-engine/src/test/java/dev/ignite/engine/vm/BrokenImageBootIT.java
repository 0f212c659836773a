package dev.ignite.engine.vm;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.oci.ImagePacker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An image without the init a spec asks for ({@code ignite.init=}) fails fast with the console's own
 * words, and leaves nothing behind. (Without that argument such an image boots with our init: AnyImageIT.)
 */
class BrokenImageBootIT {
    @TempDir
    Path tmp;

    @Test
    void imageWithoutTheInitAskedForFailsWithTheSerialConsoleInTheError() throws Exception {
        Ignite ignite = Ignite.open();
        ignite.defaults().ensureKernel(message -> { });
        Path tree = Files.createDirectories(tmp.resolve("tree/etc"));
        Files.writeString(tree.resolve("hostname"), "no-init\n");
        Path archive = tmp.resolve("no-init.oci.tar");
        ImagePacker.pack(tmp.resolve("tree"), "test/no-init:1", List.of(), Map.of(), archive);
        ignite.images().importArchive(archive, "test/no-init", 0);

        VmSpec spec = VmSpec.builder("test/no-init", Ignite.DEFAULT_KERNEL).setBootTimeout(Duration.ofSeconds(60))
                .addKernelArg("ignite.init=/sbin/init").build();
        long vmsBefore = ignite.vms().list().size();

        assertThatThrownBy(() -> ignite.launch(spec, LaunchOptions.builder().setBoot(BootMode.COLD).build()))
                .isInstanceOf(VmBootException.class)
                .hasMessageContaining("ignite-init: FATAL")
                .hasMessageContaining("--- serial console (last lines) ---");
        assertThat(ignite.vms().list()).hasSize((int) vmsBefore);
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("qemu")))
                .isEmpty();
    }
}
