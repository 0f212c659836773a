package dev.ignite.junit;

import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.oci.ImagePacker;
import dev.ignite.engine.vm.Vm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @MicroVM(image = "oci-archive:…")} of a plain container image, imported on first use: only
 * static busybox and a CMD, no init, no SSH server. The archive is packed before the class runs.
 */
@IgniteTest
class PlainImageIT {
    static final String ARCHIVE = "target/plain-image-it.oci.tar";

    @BeforeAll
    static void packAPlainImage(@TempDir Path tmp) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/bin"));
        Files.copy(HostTools.require(HostTool.BUSYBOX), tree.resolve("busybox"));
        Files.createSymbolicLink(tree.resolve("sh"), Path.of("busybox"));
        Files.createDirectories(tmp.resolve("tree/etc"));
        Files.writeString(tmp.resolve("tree/etc/os-release"), "ID=plain\n");
        ImagePacker.pack(tmp.resolve("tree"), "test/plain-junit:1", List.of("/bin/busybox", "sleep", "100000"), Map.of(),
                Path.of(ARCHIVE));
    }

    @Test
    void execsInAVmOfTheImage(@MicroVM(image = "oci-archive:" + ARCHIVE) Vm vm) {
        assertThat(vm.execOrFail("cat /etc/os-release").stdout()).isEqualTo("ID=plain\n");
        assertThat(vm.execOrFail("tr '\\0' ' ' </proc/1/cmdline").stdout()).as("our init is PID 1")
                .startsWith("/bin/ignite-agent --init");
        assertThat(vm.execOrFail("ps -o args | grep '[s]leep 100000'").stdout()).as("the image's CMD runs").isNotBlank();
    }
}
