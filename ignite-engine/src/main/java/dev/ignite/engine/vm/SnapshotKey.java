package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.net.NetworkMode;
import dev.ignite.engine.net.NetworkRef;
import dev.ignite.engine.store.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything that shapes a snapshot's saved state: image and kernel content, the initramfs, the
 * spec's machine and guest settings, copied files' contents, warm-up commands, and the QEMU binary
 * and accelerator that must load it again. Names, labels and published ports are not in it: they
 * differ per clone.
 */
record SnapshotKey(String imageId, String kernelId, String imageDigest, String kernelDigest, String initramfs,
                   int cpus, int memoryMib, long diskSizeMib, List<String> kernelArgs, Map<String, String> env,
                   Map<String, String> copiedFiles, List<String> warmup, String vmm) {
    /** Bumped when the snapshot layout or restore procedure changes. */
    private static final int FORMAT = 1;

    static SnapshotKey of(Image image, Kernel kernel, Path initramfs, VmSpec spec, List<String> warmup, String vmm) {
        if (NetworkRef.parse(spec.network()).mode() != NetworkMode.USER) {
            throw new IgniteException("snapshots need the user network: clones of a VM on network '" + spec.network()
                    + "' would all wake up with its address; start VMs on shared networks without a snapshot");
        }
        if (!spec.volumes().isEmpty()) {
            throw new IgniteException("snapshots cannot carry volumes: a clone would restore mounts of disks it does"
                    + " not have; attach volumes to VMs started without a snapshot");
        }
        Map<String, String> copied = new TreeMap<>();
        for (FileCopy copy : spec.copyFiles()) {
            copied.put(copy.guestPath(), contentDigest(copy.hostPath()));
        }
        return new SnapshotKey(image.id(), kernel.id(), image.digest(), kernel.digest(),
                initramfs.getFileName().toString(), spec.cpus(), spec.memoryMib(), spec.diskSizeMib(), spec.kernelArgs(),
                new TreeMap<>(spec.env()), copied, List.copyOf(warmup), vmm);
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

    private static String contentDigest(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>(walk.sorted().toList());
            for (Path file : files) {
                sha.update(path.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS).toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    sha.update(Files.readAllBytes(file));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " to copy it into the VM", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
