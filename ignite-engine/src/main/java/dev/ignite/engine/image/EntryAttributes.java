package dev.ignite.engine.image;

import java.util.Map;

/**
 * Owner, mode, device numbers and extended attributes an entry must have inside the image, kept
 * apart from the staged file because an ordinary user cannot chown, mknod or set {@code security.*}
 * attributes: the ext4 image is fixed up afterwards.
 */
record EntryAttributes(int uid, int gid, int mode, EntryType type, int devMajor, int devMinor, Map<String, byte[]> xattrs) {
    enum EntryType { FILE, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    EntryAttributes {
        xattrs = xattrs == null ? Map.of() : Map.copyOf(xattrs);
    }

    EntryAttributes(int uid, int gid, int mode, EntryType type, int devMajor, int devMinor) {
        this(uid, gid, mode, type, devMajor, devMinor, Map.of());
    }
}
