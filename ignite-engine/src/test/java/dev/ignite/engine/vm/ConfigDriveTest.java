package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.host.HostCommand;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.net.GuestInterface;
import dev.ignite.engine.net.NetworkAttachment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The config drive is a real ext4 image (mkfs.ext4 -d) holding exactly the files our init reads. */
class ConfigDriveTest {
    private static final NetworkAttachment TWO_NICS = new NetworkAttachment(List.of(
            new GuestInterface("52:54:00:00:00:01", "10.0.2.15/24", "10.0.2.2", "10.0.2.3"),
            new GuestInterface("52:54:00:00:00:02", "10.77.0.5/24", null, null)), "10.77.0.6 other\n");

    @TempDir
    Path tmp;

    private static String cat(Path image, String path) {
        return HostCommand.check(HostTool.DEBUGFS, "-R", "cat " + path, image.toString()).stdout();
    }

    private static String ls(Path image, String path) {
        return HostCommand.check(HostTool.DEBUGFS, "-R", "ls -l " + path, image.toString()).stdout();
    }

    @Test
    void holdsHostnameKeyNetworkHostsEnvironmentVolumesAndCopiedFiles() throws IOException {
        Path source = Files.writeString(tmp.resolve("app.conf"), "port=8080\n");
        Path drive = tmp.resolve("config.ext4");

        HostKey hostKey = HostKey.generate();
        ConfigDrive.write(drive, "brave-turing", "ssh-ed25519 AAAA test", hostKey, TWO_NICS, Map.of("GREETING", "hello world"),
                List.of(new FileCopy(source, "/etc/app/app.conf")), "ignite-vol0 /data ro\n", tmp);

        assertThat(cat(drive, "/hostname")).isEqualTo("brave-turing\n");
        assertThat(cat(drive, "/authorized_keys")).isEqualTo("ssh-ed25519 AAAA test\n");
        assertThat(cat(drive, "/" + HostKey.PUBLIC_FILE)).isEqualTo(hostKey.publicLine() + "\n");
        assertThat(cat(drive, "/" + HostKey.OPENSSH_FILE)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThat(cat(drive, "/network")).isEqualTo("MAC=52:54:00:00:00:01\nADDRESS=10.0.2.15/24\nGATEWAY=10.0.2.2\nDNS=10.0.2.3\n");
        assertThat(cat(drive, "/network.d/nic1")).isEqualTo("MAC=52:54:00:00:00:02\nADDRESS=10.77.0.5/24\n");
        assertThat(cat(drive, "/hosts")).isEqualTo("10.77.0.6 other\n");
        assertThat(cat(drive, "/environment")).isEqualTo("GREETING=hello world\n");
        assertThat(cat(drive, "/environment.systemd")).isEqualTo(
                "# written at boot from the VM's config drive\n[Manager]\nDefaultEnvironment=\"GREETING=hello world\"\n");
        assertThat(cat(drive, "/volumes")).isEqualTo("ignite-vol0 /data ro\n");
        assertThat(cat(drive, "/files.list")).isEqualTo("/etc/app/app.conf\n");
        assertThat(cat(drive, "/files/etc/app/app.conf")).isEqualTo("port=8080\n");
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).as("its staging tree is gone")
                .containsExactlyInAnyOrder("app.conf", "config.ext4");
    }

    @Test
    void systemdEnvironmentQuotesEachAssignment() {
        assertThat(ConfigDrive.systemdEnvironment(Map.of("MOTTO", "say \"hi\" \\ $HOME")))
                .endsWith("[Manager]\nDefaultEnvironment=\"MOTTO=say \\\"hi\\\" \\\\ $HOME\"\n");
    }

    @Test
    void leavesOutWhatTheVmDoesNotHave() throws IOException {
        Path drive = tmp.resolve("config.ext4");
        NetworkAttachment userOnly = new NetworkAttachment(List.of(TWO_NICS.interfaces().get(0)), "");

        ConfigDrive.write(drive, "calm-hopper", "key", HostKey.generate(), userOnly, Map.of(), List.of(), "", tmp);

        String root = ls(drive, "/");
        assertThat(root).contains("hostname", "authorized_keys", "network", HostKey.DROPBEAR_FILE)
                .doesNotContain("network.d", "hosts", "environment", "volumes", "files");
    }

    @Test
    void refusesTwoCopiesToOnePathAndAMissingSource() throws IOException {
        Path source = Files.writeString(tmp.resolve("a"), "a");
        assertThatThrownBy(() -> ConfigDrive.write(tmp.resolve("c1.ext4"), "h", "k", HostKey.generate(), TWO_NICS, Map.of(),
                List.of(new FileCopy(source, "/x"), new FileCopy(source, "/x")), "", tmp))
                .isInstanceOf(IgniteException.class).hasMessage("two file copies target /x: keep one");
        assertThatThrownBy(() -> ConfigDrive.write(tmp.resolve("c2.ext4"), "h", "k", HostKey.generate(), TWO_NICS, Map.of(),
                List.of(new FileCopy(tmp.resolve("absent"), "/y")), "", tmp))
                .hasMessage("cannot copy " + tmp.resolve("absent") + " into the VM: no such file or folder");
    }
}
