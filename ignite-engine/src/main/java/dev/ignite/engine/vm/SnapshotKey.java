package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.net.NetworkMode;
import dev.ignite.engine.store.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything that shapes a template's saved state: image and kernel content, the initramfs, the
 * machine (CPUs, memory, disk size, whether it has a NIC on a shared network and of which kind),
 * kernel arguments, warm-up commands, and the QEMU binary and accelerator that must load it again.
 * What differs per VM (name, labels, ports, environment, copied files, the shared network's name,
 * its address and MAC) is not in it: a clone applies that after its restore, so one template
 * serves many specs.
 */
record SnapshotKey(String imageId, String kernelId, String imageDigest, String kernelDigest, String initramfs,
                   int cpus, int memoryMib, long diskSizeMib, List<String> kernelArgs, NetworkMode sharedNic,
                   List<String> warmup, String vmm) {
    /** Bumped when the snapshot layout or restore procedure changes. */
    private static final int FORMAT = 3; // 3: agent readiness (systemd templates saved before it were taken too early)

    static SnapshotKey of(Image image, Kernel kernel, Path initramfs, VmSpec spec, List<String> warmup, String vmm) {
        if (!spec.volumes().isEmpty()) {
            throw new IgniteException("snapshots cannot carry volumes: a clone would restore mounts of disks it does"
                    + " not have; attach volumes to VMs started without a snapshot");
        }
        return new SnapshotKey(image.id(), kernel.id(), image.digest(), kernel.digest(),
                initramfs.getFileName().toString(), spec.cpus(), spec.memoryMib(), spec.diskSizeMib(), spec.kernelArgs(),
                spec.networkRef().mode(), List.copyOf(warmup), vmm);
    }

    /** The spec a template boots with: only what is in the key, nothing of one VM's own. */
    static VmSpec templateSpec(VmSpec spec) {
        VmSpec.Builder template = VmSpec.builder(spec.image(), spec.kernel()).setCpus(spec.cpus())
                .setMemoryMib(spec.memoryMib()).setDiskSizeMib(spec.diskSizeMib()).setBootTimeout(spec.bootTimeout())
                .setNetwork(spec.network());
        spec.kernelArgs().forEach(template::addKernelArg);
        return template.build();
    }

    String id() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("format " + FORMAT + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(Json.MAPPER.writeValueAsBytes(this));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IgniteException("cannot compute a snapshot key: " + e.getMessage(), e);
        }
    }
}
