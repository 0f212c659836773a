package dev.ignite.engine.bench;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The hand-made config drive the raw QEMU run boots with: just the SSH keys and the address. */
final class RawConfigDrive {
    private RawConfigDrive() {
    }

    static Path write(Path work, Ignite ignite, HostKey hostKey) throws IOException {
        Path tree = Files.createDirectories(work.resolve("config"));
        Files.writeString(tree.resolve("authorized_keys"), ignite.sshKeys().authorizedKey() + "\n");
        hostKey.writeTo(tree);
        Files.writeString(tree.resolve("network"), "IFACE=eth0\nADDRESS=10.0.2.15/24\nGATEWAY=10.0.2.2\nDNS=10.0.2.3\n");
        Path drive = work.resolve("config.ext4");
        HostCommand.check(HostTool.MKFS_EXT4, "-q", "-F", "-t", "ext4", "-L", "ignite-config", "-d", tree.toString(),
                drive.toString(), "4M");
        return drive;
    }
}
