package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.net.GuestInterface;
import dev.ignite.engine.net.NetworkAttachment;
import dev.ignite.engine.store.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The small ext4 disk our initramfs reads before handing over to the image's init: hostname,
 * authorized SSH key, the VM's own SSH host key, network settings, environment and files to copy in. Any image boots
 * configured this way, whether or not it carries cloud-init.
 */
final class ConfigDrive {
    private static final long MIB = 1 << 20;

    private ConfigDrive() {
    }

    /** The first interface goes to {@code network}, more to {@code network.d/}; hosts lines to {@code hosts}. */
    static void write(Path output, String hostname, String authorizedKey, HostKey hostKey, NetworkAttachment network,
                      Map<String, String> env, List<FileCopy> copies, String volumes, Path scratch) throws IOException {
        Path tree = Files.createTempDirectory(scratch, "config-");
        try {
            Files.writeString(tree.resolve("hostname"), hostname + "\n");
            Files.writeString(tree.resolve("authorized_keys"), authorizedKey + "\n");
            hostKey.writeTo(tree);
            List<GuestInterface> interfaces = network.interfaces();
            Files.writeString(tree.resolve("network"), interfaces.get(0).configFile());
            if (interfaces.size() > 1) {
                Path more = Files.createDirectory(tree.resolve("network.d"));
                for (int i = 1; i < interfaces.size(); i++) {
                    Files.writeString(more.resolve("nic" + i), interfaces.get(i).configFile());
                }
            }
            if (!network.hosts().isEmpty()) {
                Files.writeString(tree.resolve("hosts"), network.hosts());
            }
            if (!env.isEmpty()) {
                Files.writeString(tree.resolve("environment"), env.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n", "", "\n")));
                Files.writeString(tree.resolve("environment.systemd"), systemdEnvironment(env));
            }
            if (!volumes.isEmpty()) {
                Files.writeString(tree.resolve("volumes"), volumes);
            }
            long copied = copyFiles(copies, tree.resolve("files"));
            // ext4 metadata and one block per small file on top of the content; 4 MiB at least.
            long size = Math.max(4 * MIB, copied + copied / 4 + 2 * MIB);
            HostCommand.check(HostTool.MKFS_EXT4, "-q", "-F", "-t", "ext4", "-m", "0", "-L", "ignite-config",
                    "-O", "^has_journal", "-d", tree.toString(), output.toString(), (size / 1024 + 1) + "K");
        } finally {
            FileTrees.deleteQuietly(tree, null);
        }
    }

    /** A system.conf drop-in giving every systemd service the variables (one quoted assignment a line). */
    static String systemdEnvironment(Map<String, String> env) {
        return env.entrySet().stream()
                .map(e -> "DefaultEnvironment=\"" + (e.getKey() + "=" + e.getValue())
                        .replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining("\n", "# written at boot from the VM's config drive\n[Manager]\n", "\n"));
    }

    /** Lays out each copy at its guest path below {@code files} and lists them in {@code files.list} for the init. */
    private static long copyFiles(List<FileCopy> copies, Path files) throws IOException {
        if (copies.isEmpty()) {
            return 0;
        }
        Files.write(files.resolveSibling("files.list"), copies.stream().map(FileCopy::guestPath).toList());
        long bytes = 0;
        for (FileCopy copy : copies) {
            if (!Files.exists(copy.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
                throw new IgniteException("cannot copy " + copy.hostPath() + " into the VM: no such file or folder");
            }
            Path target = files.resolve(copy.guestPath().substring(1));
            Files.createDirectories(target.getParent());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IgniteException("two file copies target " + copy.guestPath() + ": keep one");
            }
            bytes += FileTrees.copyRecursively(copy.hostPath(), target);
        }
        return bytes;
    }
}
