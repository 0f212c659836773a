package dev.ignite.engine.kernel;

import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the engine's initramfs holds: our init, the host's busybox, and the boot modules in dependency order. */
class InitramfsTest {
    @TempDir
    Path tmp;

    /** A module file as modinfo sees it: the {@code depends=} field between NULs. */
    private Path module(Path dir, String name, String depends) throws IOException {
        return Files.write(dir.resolve(name + ".ko"), ("\0name=" + name + "\0depends=" + depends + "\0")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Map<String, CpioArchiveEntry> entries(Path cpio, Map<String, byte[]> contents) throws IOException {
        Map<String, CpioArchiveEntry> entries = new LinkedHashMap<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(Files.newInputStream(cpio))) {
            for (CpioArchiveEntry e = in.getNextCPIOEntry(); e != null; e = in.getNextCPIOEntry()) {
                entries.put(e.getName(), e);
                contents.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void holdsInitBusyboxAndTheBootAndVsockModulesTheKernelLacksWithWhatTheyNeedFirst() throws IOException {
        assumeTrue(HostTools.find(HostTool.BUSYBOX).isPresent(), "busybox (static) is not installed");
        Path tree = Files.createDirectories(tmp.resolve("modules/6.1.0/kernel"));
        module(tree, "virtio_ring", "");
        module(tree, "virtio", "virtio_ring");
        module(tree, "virtio_mmio", "virtio,virtio_ring");
        module(tree, "virtio_blk", "virtio");
        module(tree, "failover", "");
        module(tree, "net_failover", "failover");
        module(tree, "virtio_net", "net_failover,virtio");
        module(tree, "vsock", "");
        module(tree, "vmw_vsock_virtio_transport_common", "vsock,virtio");
        module(tree, "vmw_vsock_virtio_transport", "vmw_vsock_virtio_transport_common,virtio,vsock,virtio_ring");
        module(tree, "vsock_loopback", "vmw_vsock_virtio_transport_common,vsock");
        module(tree, "unrelated", "");
        Files.writeString(tmp.resolve("modules/6.1.0/modules.builtin"), "kernel/fs/ext4/ext4.ko\nkernel/drivers/char/hw_random/virtio-rng.ko\n");
        Path output = tmp.resolve("initramfs");

        Initramfs.write(KernelModules.scan(tmp.resolve("modules/6.1.0")), output);

        Map<String, byte[]> contents = new LinkedHashMap<>();
        Map<String, CpioArchiveEntry> entries = entries(output, contents);
        assertThat(entries.keySet()).contains("bin", "dev", "proc", "sys", "newroot", "config", "lib/modules",
                "init", "bin/busybox", "lib/modules/load-order");
        assertThat(entries.get("newroot").isDirectory()).isTrue();
        assertThat(entries.get("init").getMode() & 0777).isEqualTo(0755);
        try (InputStream init = Initramfs.class.getResourceAsStream("init")) {
            assertThat(contents.get("init")).isEqualTo(init.readAllBytes());
        }
        assertThat(contents.get("bin/busybox")).isEqualTo(Files.readAllBytes(HostTools.require(HostTool.BUSYBOX)));
        assertThat(new String(contents.get("lib/modules/load-order"), StandardCharsets.UTF_8)).as(
                "dependencies first, built-in ext4 and virtio_rng left out, unused modules too").isEqualTo(
                "virtio_ring.ko\nvirtio.ko\nvirtio_mmio.ko\nvirtio_blk.ko\nfailover.ko\nnet_failover.ko\nvirtio_net.ko\n");
        assertThat(new String(contents.get("lib/modules/vsock-order"), StandardCharsets.UTF_8)).as(
                "loaded only for a vsock agent, after the boot modules: those are not repeated").isEqualTo(
                "vsock.ko\nvmw_vsock_virtio_transport_common.ko\nvmw_vsock_virtio_transport.ko\nvsock_loopback.ko\n");
        assertThat(entries.keySet()).doesNotContain("lib/modules/unrelated.ko", "lib/modules/ext4.ko");
        assertThat(entries.get("lib/modules/virtio_net.ko").getMode() & 0777).isEqualTo(0644);
    }
}
