package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.net.SharedNic;
import dev.ignite.engine.vmm.LaunchPlan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Launch plans whose files look like what Firecracker accepts: an ELF kernel, raw disks, a TAP. */
final class FirecrackerTestPlans {
    static final List<SharedNic> TAP_NIC = List.of(new SharedNic.Tap("igtap0", "52:54:01:23:45:67"));
    static final String VM_ID = "0123456789abcdef";
    static final String COMMAND_LINE = "console=ttyS0 panic=-1 quiet ignite.init=/sbin/init";

    private FirecrackerTestPlans() {
    }

    static LaunchPlan valid(Path runDir) throws IOException {
        Path kernel = Files.write(runDir.resolve("vmlinux"), new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        Path initramfs = Files.write(runDir.resolve("initramfs.cpio.gz"), new byte[]{0x1f, (byte) 0x8b});
        Path root = Files.write(runDir.resolve("root.img"), new byte[512]);
        Path config = Files.write(runDir.resolve("config.img"), new byte[512]);
        return LaunchPlan.builder(VM_ID, runDir).setKernel(kernel, initramfs, COMMAND_LINE)
                .setDisks(root, config, List.of()).setMachine(2, 256).setSharedNics(TAP_NIC).build();
    }
}
