package dev.ignite.engine.cli;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.TestEngine;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.access.HostKeyMismatchException;
import dev.ignite.engine.access.SshConnection;
import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nobody but the engine's key gets into a VM over SSH, and the engine and {@code ignite ssh} talk
 * only to the VM they made: password logins are refused (the console keeps root/root), and each VM
 * has its own host key, pinned, so a server presenting another key is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshTrustIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Ignite ignite;
    private static Vm vm;

    @BeforeAll
    static void boot() {
        ignite = TestEngine.openWithDefaults();
        vm = ignite.launch(VmSpec.builder(Ignite.DEFAULT_IMAGE, Ignite.DEFAULT_KERNEL).setMemoryMib(192).build());
    }

    @AfterAll
    static void remove() {
        if (vm != null) {
            vm.close();
        }
    }

    /**
     * A clone (the default) restarts dropbear's listener with its own host key in the background after
     * its restore: like the engine's own connections, a client arriving in that gap tries again.
     */
    private static SSHClient connectPatiently() throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(dev.ignite.engine.access.SshConnection.LISTENER_RESTART);
        while (true) {
            SSHClient client = new SSHClient(new DefaultConfig());
            client.addHostKeyVerifier(new PromiscuousVerifier());
            try {
                client.connect("127.0.0.1", vm.record().sshPort());
                return client;
            } catch (java.io.IOException e) {
                client.close();
                if (java.time.Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    @Order(1)
    void sshRefusesTheImagesPasswordWhichTheConsoleStillTakes() throws Exception {
        try (SSHClient client = connectPatiently()) { // this client offers no key: only the password
            assertThatThrownBy(() -> client.authPassword("root", "root")).isInstanceOf(UserAuthException.class);
            assertThat(client.isAuthenticated()).isFalse();
        }

        Console console = vm.console();
        console.sendLine("");
        console.expect("login:", WAIT);
        console.sendLine("root");
        console.expect("Password:", WAIT);
        console.sendLine("root");
        console.expect(Pattern.compile("# $"), WAIT);
        console.sendLine("echo console-$((6*7))");
        assertThat(console.expect("console-42", WAIT)).isEqualTo("console-42");
    }

    @Test
    @Order(2)
    void eachVmHasItsOwnHostKeyAndTheEngineRefusesAnyOther() throws Exception {
        String own = HostKey.publicLine(vm.record().folder());
        assertThat(own).startsWith("ssh-ed25519 ");
        SshKeys keys = SshKeys.loadOrCreate(ignite.home());
        try (SshConnection pinned = SshConnection.open("127.0.0.1", vm.record().sshPort(), keys.keyPair(), own, WAIT)) {
            assertThat(pinned.exec("echo pinned", WAIT).stdout()).isEqualTo("pinned\n");
        }
        String other = HostKey.generate().publicLine();
        assertThatThrownBy(() -> SshConnection.open("127.0.0.1", vm.record().sshPort(), keys.keyPair(), other, WAIT))
                .isInstanceOf(HostKeyMismatchException.class).hasMessageContaining("refusing to connect");
        // The image's build-time key is gone from the guest: only the VM's own is served.
        assertThat(vm.exec("ls /etc/dropbear").stdout()).isEqualTo(HostKey.DROPBEAR_FILE + "\n");

        assertThat(igniteSsh("echo", "pinned")).isEqualTo(new SshRun(0, "pinned\n", ""));
    }

    @Test
    @Order(3)
    void aVmWhoseHostKeyChangedIsRefusedByTheEngineAndByIgniteSsh() throws Exception {
        // Another server on the VM's port, as a squatter or a tampered guest would be: a new key.
        vm.execOrFail("dropbearkey -t ed25519 -f /tmp/impostor >/dev/null 2>&1 && read -r pid </var/run/dropbear.pid"
                + " && kill $pid && while [ -d /proc/$pid ]; do sleep 0.05; done"
                + " && dropbear -s -r /tmp/impostor -p 22");
        Vm fresh = ignite.vms().get(vm.id()); // a new handle connects anew
        assertThatThrownBy(() -> fresh.exec("true")).isInstanceOf(HostKeyMismatchException.class)
                .hasMessageContaining("127.0.0.1:" + vm.record().sshPort());

        SshRun refused = igniteSsh("echo", "pinned");
        assertThat(refused.exit()).isEqualTo(255);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr()).containsIgnoringCase("host key verification failed");
    }

    record SshRun(int exit, String stdout, String stderr) {
    }

    /** The host's ssh client with the options {@code ignite ssh} gives it. */
    private static SshRun igniteSsh(String... remoteCommand) throws Exception {
        Path ssh = HostTools.find("ssh").orElse(null);
        assumeTrue(ssh != null, "the host has no ssh client (openssh-client)");
        Path key = OpenSshKey.ensure(ignite.home(), SshKeys.loadOrCreate(ignite.home()).keyPair().getPrivate());
        Process process = new ProcessBuilder(SystemSsh.command(ssh, key, SystemSsh.knownHosts(vm), vm.record().sshPort(), false,
                List.of(remoteCommand))).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new SshRun(process.waitFor(), stdout, stderr);
    }
}
