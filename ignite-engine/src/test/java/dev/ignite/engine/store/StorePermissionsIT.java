package dev.ignite.engine.store;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.host.CommandResult;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.vm.FileCopy;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vmm.VmFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * After a real VM run (config drive with an env value and a copied file, overlay, serial log,
 * sockets, host key), nothing in the store is open to other users, and user {@code nobody} can
 * neither list it nor open the VM's files or sockets.
 */
class StorePermissionsIT {
    @TempDir
    Path tmp;

    @Test
    void aStoreWithARunningVmIsClosedToOtherUsers() throws IOException {
        Ignite ignite = TestEngine.openWithDefaults();
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "copied in\n");
        VmSpec spec = VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192)
                .putEnv("API_TOKEN", "s3cret").addCopyFile(new FileCopy(secret, "/root/secret.txt")).build();
        try (Vm vm = ignite.launch(spec)) {
            Path folder = vm.record().folder();
            VmFolder files = new VmFolder(folder);
            assertThat(files.consoleSocket()).exists();
            assertThat(files.controlSocket()).exists();
            assertThat(files.agentSocket()).as("the guest agent's channel: root in the guest to whoever opens it").exists();

            List<String> open = openToOthers(ignite.home().root());
            assertThat(open).as("paths in the store with group or other permissions").isEmpty();
            assertThat(Files.getPosixFilePermissions(ignite.home().root()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));

            assumeTrue("root".equals(System.getProperty("user.name")), "trying the store as user nobody needs root");
            for (Path path : List.of(ignite.home().root(), folder, files.configDrive(), files.serialLog(),
                    files.consoleSocket(), files.controlSocket(), files.agentSocket())) {
                CommandResult asNobody = HostCommand.run(List.of("runuser", "-u", "nobody", "--", "ls", "-l", path.toString()),
                        null, Duration.ofSeconds(30));
                assertThat(asNobody.exitCode()).as("nobody lists %s: %s", path, asNobody.stdout()).isNotZero();
                assertThat(asNobody.stderr()).as("nobody lists %s", path).contains("Permission denied");
            }
        }
    }

    /** Every file, folder and socket below {@code root} (links aside) with a group or other permission bit. */
    private static List<String> openToOthers(Path root) throws IOException {
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        List<String> open = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (permissions.stream().anyMatch(others::contains)) {
                    open.add(PosixFilePermissions.toString(permissions) + " " + root.relativize(path));
                }
            }
        }
        return open;
    }
}
