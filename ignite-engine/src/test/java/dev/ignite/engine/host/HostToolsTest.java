package dev.ignite.engine.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HostToolsTest {
    @TempDir
    Path dir;

    @Test
    void missingToolNamesTheDebianPackageThatInstallsIt() {
        assertThat(new MissingHostToolException(HostTool.QEMU_IMG))
                .hasMessage("'qemu-img' was not found on this host: install it with `apt-get install qemu-utils`");
        assertThat(new MissingHostToolException(HostTool.DEBUGFS).getMessage()).contains("apt-get install e2fsprogs");
    }

    @Test
    void findsOnlyExecutablesInTheSearchPath() throws Exception {
        assertThat(HostTools.find("qemu-img", Set.of(dir.toString()))).isEmpty();
        Path tool = Files.writeString(dir.resolve("qemu-img"), "#!/bin/sh\n");
        assertThat(HostTools.find("qemu-img", Set.of(dir.toString()))).isEmpty(); // not executable yet
        tool.toFile().setExecutable(true);
        assertThat(HostTools.find("qemu-img", Set.of(dir.toString()))).contains(tool);
    }
}
