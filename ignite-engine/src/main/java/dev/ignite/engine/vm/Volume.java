package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.vmm.ExtraDisk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An extra disk for a VM, like Docker's {@code -v hostFileOrDevice:guestMountPoint[:ro]}: a host
 * file (or block device) holding a file system the guest's kernel has built in (ext4 for the
 * defaults), attached as a virtio disk and mounted by our init before the image's init starts.
 */
public record Volume(Path hostFile, String guestMountPoint, boolean readOnly) {
    public Volume {
        Objects.requireNonNull(hostFile, "hostFile");
        if (guestMountPoint == null || !guestMountPoint.startsWith("/") || guestMountPoint.equals("/")
                || Arrays.asList(guestMountPoint.split("/")).contains("..") || guestMountPoint.matches(".*\\s.*")) {
            throw new IgniteException("volume mount point '" + guestMountPoint
                    + "' must be an absolute path below / without '..' or spaces");
        }
    }

    /** Parses {@code HOST_FILE:GUEST_MOUNT_POINT[:ro|:rw]}. */
    public static Volume parse(String text) {
        String[] parts = text.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()
                || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
            throw new IgniteException("volume '" + text + "' is not HOST_FILE:GUEST_MOUNT_POINT[:ro]");
        }
        return new Volume(Path.of(parts[0]), parts[1], parts.length == 3 && parts[2].equals("ro"));
    }

    /** The spec's volumes as the VMM attaches them; the config drive tells the guest their serials. */
    static List<ExtraDisk> extraDisks(VmSpec spec) {
        List<ExtraDisk> disks = new ArrayList<>();
        for (int i = 0; i < spec.volumes().size(); i++) {
            Volume volume = spec.volumes().get(i);
            disks.add(new ExtraDisk(volume.hostFile().toAbsolutePath(), serial(i), volume.readOnly()));
        }
        return disks;
    }

    /** The config drive's {@code volumes} file: one "SERIAL MOUNTPOINT [ro]" line per volume. */
    static String table(VmSpec spec) {
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < spec.volumes().size(); i++) {
            Volume volume = spec.volumes().get(i);
            table.append(serial(i)).append(' ').append(volume.guestMountPoint())
                    .append(volume.readOnly() ? " ro" : "").append('\n');
        }
        return table.toString();
    }

    private static String serial(int index) {
        return "ignite-vol" + index;
    }
}
