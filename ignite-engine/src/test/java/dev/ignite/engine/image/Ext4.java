package dev.ignite.engine.image;

import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;

import java.nio.file.Path;

/** Reads an ext4 image without mounting it, for assertions. */
final class Ext4 {
    private Ext4() {
    }

    static String cat(Path image, String path) {
        return HostCommand.check(HostTool.DEBUGFS, "-R", "cat " + path, image.toString()).stdout();
    }

    static String stat(Path image, String path) {
        return HostCommand.check(HostTool.DEBUGFS, "-R", "stat " + path, image.toString()).stdout();
    }

    static boolean exists(Path image, String path) {
        return !HostCommand.check(HostTool.DEBUGFS, "-R", "stat " + path, image.toString()).stderr()
                .contains("File not found");
    }
}
