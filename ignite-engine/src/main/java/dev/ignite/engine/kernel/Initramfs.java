package dev.ignite.engine.kernel;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The engine's initramfs (cpio newc, uncompressed: a 2 MB archive loads faster than the kernel
 * inflates it under emulation): a static busybox, our {@code /init}, and the virtio modules the
 * kernel lacks, with the order to load them.
 */
final class Initramfs {
    /**
     * Device drivers the boot path needs; those built into a kernel are skipped. Each insmod costs
     * ~40 ms under TCG, so nothing unused: the console is the 8250 UART (built in); virtio_console
     * carries the guest agent's port.
     */
    static final List<String> BOOT_MODULES = List.of(
            "virtio_mmio", "virtio_blk", "virtio_net", "virtio_rng", "virtio_console", "ext4");

    /**
     * Loaded only when the guest agent is to listen on vsock ({@code ignite.agent=vsock:PORT}, for
     * Firecracker): the virtio transport, and the loopback one through which a guest reaches itself.
     */
    static final List<String> VSOCK_MODULES = List.of("vmw_vsock_virtio_transport", "vsock_loopback");

    /** The guest agent, built from src/main/agent into the jar by the Maven build. */
    private static final String AGENT = "ignite-agent";

    private static String contentKey;

    private Initramfs() {
    }

    /**
     * What the initramfs is made of besides the kernel's modules: our init and agent, and the host's busybox. A
     * kernel's initramfs is named by this, so a new engine's init reaches kernels imported before it.
     */
    static synchronized String contentKey() {
        if (contentKey == null) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(resource("init"));
                sha.update(resource(AGENT));
                sha.update(Files.readAllBytes(HostTools.require(HostTool.BUSYBOX)));
                sha.update(String.join(",", BOOT_MODULES).getBytes(StandardCharsets.UTF_8));
                sha.update(String.join(",", VSOCK_MODULES).getBytes(StandardCharsets.UTF_8));
                contentKey = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IgniteException("cannot read the initramfs parts: " + e.getMessage(), e);
            }
        }
        return contentKey;
    }

    static void write(KernelModules modules, Path output) {
        Path busybox = HostTools.require(HostTool.BUSYBOX);
        List<String> order = modules.loadOrder(BOOT_MODULES);
        List<String> vsockOrder = new ArrayList<>(modules.loadOrder(VSOCK_MODULES));
        vsockOrder.removeAll(order);
        try (OutputStream file = Files.newOutputStream(output);
             CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(file, CpioConstants.FORMAT_NEW)) {
            for (String dir : List.of("bin", "dev", "proc", "sys", "newroot", "config", "lib", "lib/modules")) {
                add(cpio, dir, CpioConstants.C_ISDIR | 0755, new byte[0]);
            }
            add(cpio, "init", CpioConstants.C_ISREG | 0755, resource("init"));
            add(cpio, "bin/busybox", CpioConstants.C_ISREG | 0755, Files.readAllBytes(busybox));
            add(cpio, "bin/" + AGENT, CpioConstants.C_ISREG | 0755, resource(AGENT));
            addModules(cpio, modules, order, "load-order");
            addModules(cpio, modules, vsockOrder, "vsock-order");
            cpio.finish();
        } catch (IOException e) {
            throw new IgniteException("cannot write the initramfs " + output + ": " + e.getMessage(), e);
        }
    }

    /** The modules, and a list (named {@code listName}) of them in load order for our init. */
    private static void addModules(CpioArchiveOutputStream cpio, KernelModules modules, List<String> order,
            String listName) throws IOException {
        StringBuilder list = new StringBuilder();
        for (String module : order) {
            add(cpio, "lib/modules/" + module + ".ko", CpioConstants.C_ISREG | 0644, modules.decompressed(module));
            list.append(module).append(".ko\n");
        }
        add(cpio, "lib/modules/" + listName, CpioConstants.C_ISREG | 0644, list.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void add(CpioArchiveOutputStream cpio, String name, int mode, byte[] content) throws IOException {
        CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name, content.length);
        entry.setMode(mode);
        entry.setNumberOfLinks((mode & CpioConstants.C_ISDIR) == CpioConstants.C_ISDIR ? 2 : 1);
        cpio.putArchiveEntry(entry);
        cpio.write(content);
        cpio.closeArchiveEntry();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Initramfs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IgniteException("the engine jar lacks its " + name + " resource: rebuild it"
                        + " (the guest agent needs musl-gcc: apt-get install musl-tools)");
            }
            return in.readAllBytes();
        }
    }
}
