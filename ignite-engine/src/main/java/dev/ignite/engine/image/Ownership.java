package dev.ignite.engine.image;

/**
 * Owner, mode and device numbers an entry must have inside the image, kept apart from the staged
 * file because an ordinary user cannot chown or mknod: the ext4 image is fixed up afterwards.
 */
record Ownership(int uid, int gid, int mode, EntryType type, int devMajor, int devMinor) {
    enum EntryType { FILE, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }
}
