package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.IgniteHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's key pair is made once, for a store without one; a damaged pair is an error, never replaced. */
class SshKeysTest {
    @TempDir
    Path root;

    @Test
    void aFreshStoreGetsAPairThatLaterOpensLoad() throws Exception {
        IgniteHome home = IgniteHome.at(root);
        SshKeys first = SshKeys.loadOrCreate(home);
        assertThat(first.authorizedKey()).startsWith("ssh-ed25519 ").endsWith(" ignite");
        assertThat(Files.readString(home.keys().resolve("ignite_ed25519.pub"))).isEqualTo(first.authorizedKey() + "\n");
        assertThat(Files.getPosixFilePermissions(home.keys().resolve("ignite_ed25519")))
                .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(SshKeys.loadOrCreate(home).authorizedKey()).isEqualTo(first.authorizedKey());
    }

    @Test
    void aMissingPublicHalfIsAnErrorAndThePrivateKeyIsKept() throws Exception {
        IgniteHome home = IgniteHome.at(root);
        String authorized = SshKeys.loadOrCreate(home).authorizedKey();
        byte[] privateKey = Files.readAllBytes(home.keys().resolve("ignite_ed25519"));
        Files.delete(home.keys().resolve("ignite_ed25519.x509"));

        SshKeys keys = SshKeys.loadOrCreate(home);
        assertThatThrownBy(keys::authorizedKey).isInstanceOf(IgniteException.class)
                .hasMessageContaining("ignite_ed25519.x509 is missing, unreadable or damaged")
                .hasMessageContaining("never replaced");
        assertThat(Files.readAllBytes(home.keys().resolve("ignite_ed25519"))).isEqualTo(privateKey);
        assertThat(Files.exists(home.keys().resolve("ignite_ed25519.x509"))).isFalse();
        assertThat(Files.readString(home.keys().resolve("ignite_ed25519.pub"))).isEqualTo(authorized + "\n");
    }

    @Test
    void anUnreadableOrDamagedPrivateKeyIsAnErrorNamingItAndIsNotReplaced() throws Exception {
        IgniteHome home = IgniteHome.at(root);
        SshKeys.loadOrCreate(home);
        Path privateKey = home.keys().resolve("ignite_ed25519");
        Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SshKeys.loadOrCreate(home).keyPair())
                .hasMessageContaining(privateKey + " is missing, unreadable or damaged");
        assertThat(Files.readString(privateKey)).contains("not a key");

        // Unreadable even for root: a folder where the file should be.
        Files.delete(privateKey);
        Files.createDirectory(privateKey);
        assertThatThrownBy(() -> SshKeys.loadOrCreate(home).keyPair())
                .hasMessageContaining(privateKey + " is missing, unreadable or damaged");
        assertThat(Files.isDirectory(privateKey)).isTrue();
    }

    @Test
    void noPairIsMadeWhileTheStoreHoldsVmsThatAuthorizeTheLostOne() throws Exception {
        IgniteHome home = IgniteHome.at(root);
        SshKeys.loadOrCreate(home);
        Files.createDirectory(home.vms().resolve("0123456789abcdef"));
        Files.delete(home.keys().resolve("ignite_ed25519"));

        SshKeys keys = SshKeys.loadOrCreate(home); // the store still opens: ps and rm -f need no key
        assertThatThrownBy(keys::keyPair).isInstanceOf(IgniteException.class)
                .hasMessageContaining("private key " + home.keys().resolve("ignite_ed25519") + " is missing")
                .hasMessageContaining("1 VM(s) whose guests authorize it (0123456789abcdef)")
                .hasMessageContaining("ignite rm -f");
        assertThat(Files.exists(home.keys().resolve("ignite_ed25519"))).as("no new private key").isFalse();

        Files.delete(home.vms().resolve("0123456789abcdef"));
        assertThat(SshKeys.loadOrCreate(home).keyPair()).as("a store without VMs starts over").isNotNull();
    }
}
