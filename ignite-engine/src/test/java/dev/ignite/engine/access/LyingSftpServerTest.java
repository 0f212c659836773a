package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Downloads from a guest whose SFTP server lies: a real SSH and SFTP server (Apache MINA sshd) on
 * 127.0.0.1 that sends names with {@code ..}, absolute names, names with {@code /}, and link
 * targets pointing at the host's files. Nothing outside the download's target may change.
 */
class LyingSftpServerTest {
    @TempDir
    Path tmp;

    private Path guest;
    private Path host;
    private Path victim;
    private final Map<String, String> nameLies = new HashMap<>();
    private final Map<String, String> linkLies = new HashMap<>();
    private SshServer server;
    private SSHClient ssh;
    private SFTPClient sftp;

    @BeforeEach
    void startLyingServer() throws IOException {
        guest = Files.createDirectories(tmp.resolve("guest"));
        host = Files.createDirectories(tmp.resolve("host"));
        victim = Files.createDirectories(tmp.resolve("victim"));
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPasswordAuthenticator((user, password, session) -> "guest".equals(password));
        server.setFileSystemFactory(new VirtualFileSystemFactory(guest));
        server.setSubsystemFactories(List.of(new LyingSftp()));
        server.start();
        ssh = new SSHClient();
        ssh.addHostKeyVerifier(new PromiscuousVerifier());
        ssh.connect("127.0.0.1", server.getPort());
        ssh.authPassword("root", "guest");
        sftp = ssh.newSFTPClient();
    }

    @AfterEach
    void stop() throws IOException {
        try (SSHClient client = ssh; SFTPClient channel = sftp) {
            server.stop(true);
        }
    }

    @Test
    void downloadsNeverOpenHostFilesOrFoldersToOtherUsersWrites() throws IOException {
        Path out = Files.createDirectories(guest.resolve("open"));
        Files.writeString(out.resolve("open.sh"), "#!/bin/sh");
        Files.setPosixFilePermissions(out.resolve("open.sh"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));

        SftpCopy.download(sftp, "open", host.resolve("open"));

        assertThat(Files.getPosixFilePermissions(host.resolve("open")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getPosixFilePermissions(host.resolve("open/open.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aNameClimbingOutOfTheTargetIsRefused() throws IOException {
        Files.writeString(Files.createDirectories(guest.resolve("out")).resolve("a.txt"), "from the guest");
        Files.writeString(guest.resolve("escaped.txt"), "from the guest"); // what out/../escaped.txt reads
        nameLies.put("a.txt", "../escaped.txt");

        Throwable thrown = catchThrowable(() -> SftpCopy.download(sftp, "out", host.resolve("out")));

        assertThat(host.resolve("escaped.txt")).doesNotExist();
        assertThat(thrown).isInstanceOf(IgniteException.class).hasMessageContaining("'../escaped.txt'");
    }

    @Test
    void anAbsoluteNameIsRefused() throws IOException {
        Path target = victim.resolve("planted.txt");
        Files.writeString(Files.createDirectories(guest.resolve("out")).resolve("b.txt"), "from the guest");
        // What the guest path out/<absolute name> reads on the server, so only the host side can stop it.
        for (Path served : List.of(guest.resolve("out" + target), guest.resolve(target.toString().substring(1)))) {
            Files.writeString(Files.createDirectories(served.getParent()).resolve("planted.txt"), "from the guest");
        }
        nameLies.put("b.txt", target.toString());

        Throwable thrown = catchThrowable(() -> SftpCopy.download(sftp, "out", host.resolve("out")));

        assertThat(target).doesNotExist();
        assertThat(thrown).isInstanceOf(IgniteException.class).hasMessageContaining("'" + target + "'");
    }

    @Test
    void aNameWithASlashCannotWriteThroughALinkTheGuestMade() throws IOException {
        Path out = Files.createDirectories(guest.resolve("out"));
        Path source = Files.createDirectories(guest.resolve("source"));
        Files.writeString(source.resolve("authorized_keys"), "ssh-ed25519 AAAA guest-key");
        Files.createSymbolicLink(out.resolve("ln"), Path.of("../source"));
        Files.writeString(out.resolve("c.txt"), "unused");
        linkLies.put("ln", victim.toString());
        nameLies.put("c.txt", "ln/authorized_keys");

        // Twice, so the link exists on the host before the lying name, whatever order the guest lists them in.
        Throwable thrown = catchThrowable(() -> {
            SftpCopy.download(sftp, "out", host.resolve("out"));
            SftpCopy.download(sftp, "out", host.resolve("out"));
        });

        assertThat(victim).isEmptyDirectory();
        assertThat(thrown).isInstanceOf(IgniteException.class).hasMessageContaining("'ln/authorized_keys'");
    }

    @Test
    void aFolderTheGuestSendsWhereItEarlierMadeALinkReplacesTheLink() throws IOException {
        Path first = Files.createDirectories(guest.resolve("first"));
        Files.createSymbolicLink(first.resolve("ln"), Path.of("nowhere"));
        linkLies.put("ln", victim.toString());
        Path second = Files.createDirectories(guest.resolve("second/ln"));
        Files.writeString(second.resolve("authorized_keys"), "ssh-ed25519 AAAA guest-key");

        SftpCopy.download(sftp, "first", host.resolve("out"));
        assertThat(Files.readSymbolicLink(host.resolve("out/ln"))).isEqualTo(victim); // a link, never followed
        SftpCopy.download(sftp, "second", host.resolve("out"));

        assertThat(victim).isEmptyDirectory();
        assertThat(Files.isDirectory(host.resolve("out/ln"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(host.resolve("out/ln/authorized_keys")).hasContent("ssh-ed25519 AAAA guest-key");
    }

    /** MINA's SFTP subsystem, telling lies about entry names and link targets. */
    private final class LyingSftp extends SftpSubsystemFactory {
        @Override
        public Command createSubsystem(ChannelSession channel) {
            return new SftpSubsystem(channel, this) {
                @Override
                protected void writeDirEntry(int id, DirectoryHandle dir, Map<String, Path> entries, Buffer buffer,
                                             int index, Path f, String shortName, LinkOption... options) throws IOException {
                    super.writeDirEntry(id, dir, entries, buffer, index, f, nameLies.getOrDefault(shortName, shortName),
                            options);
                }

                @Override
                protected SimpleImmutableEntry<Path, String> doReadLink(int id, String path) throws IOException {
                    SimpleImmutableEntry<Path, String> real = super.doReadLink(id, path);
                    String name = path.substring(path.lastIndexOf('/') + 1);
                    return linkLies.containsKey(name) ? new SimpleImmutableEntry<>(real.getKey(), linkLies.get(name)) : real;
                }
            };
        }
    }
}
