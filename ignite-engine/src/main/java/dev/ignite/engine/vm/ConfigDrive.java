package dev.ignite.engine.vm;

import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.net.GuestInterface;
import dev.ignite.engine.net.NetworkAttachment;
import dev.ignite.engine.store.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The small ext4 disk our initramfs reads before handing over to the image's init: hostname,
 * authorized SSH key, network settings and environment. Any image boots configured this way,
 * whether or not it carries cloud-init.
 */
final class ConfigDrive {
    private ConfigDrive() {
    }

    /** The first interface goes to {@code network}, more to {@code network.d/}; hosts lines to {@code hosts}. */
    static void write(Path output, String hostname, String authorizedKey, NetworkAttachment network,
                      Map<String, String> env, Path scratch) throws IOException {
        Path tree = Files.createTempDirectory(scratch, "config-");
        try {
            Files.writeString(tree.resolve("hostname"), hostname + "\n");
            Files.writeString(tree.resolve("authorized_keys"), authorizedKey + "\n");
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
            }
            HostCommand.check(HostTool.MKFS_EXT4, "-q", "-F", "-t", "ext4", "-m", "0", "-L", "ignite-config",
                    "-O", "^has_journal", "-d", tree.toString(), output.toString(), "4M");
        } finally {
            FileTrees.deleteQuietly(tree, null);
        }
    }
}
