package dev.ignite.engine.vmm;

import java.nio.file.Path;

/** A raw disk attached after the root and config disks; the guest finds it by its virtio serial. */
public record ExtraDisk(Path file, String serial, boolean readOnly) {
}
