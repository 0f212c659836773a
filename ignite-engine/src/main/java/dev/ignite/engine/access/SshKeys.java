package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.StoreLock;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The store-wide SSH key pair every VM authorizes: made in Java on first use, the private key
 * readable by its owner only. Files: {@code keys/ignite_ed25519} (PKCS#8 PEM),
 * {@code keys/ignite_ed25519.x509} and {@code keys/ignite_ed25519.pub} (an authorized_keys line).
 * <p>
 * Every VM's guest authorizes the pair it was made with, so the pair is made only for a store that
 * has no private key and no VM; a missing, unreadable or damaged file is an error, never a reason to
 * make a new pair. Such an error is raised when the pair is used, so that commands needing no SSH
 * ({@code ps}, {@code rm -f}) still work on a store whose key is broken.
 */
public final class SshKeys {
    private static final String PRIVATE = "ignite_ed25519";
    private static final String PUBLIC = "ignite_ed25519.pub";
    private static final String X509 = "ignite_ed25519.x509";

    private final KeyPair keyPair;
    private final IgniteException unusable;

    private SshKeys(KeyPair keyPair, IgniteException unusable) {
        this.keyPair = keyPair;
        this.unusable = unusable;
    }

    /** The store's pair, made now if the store has neither a private key nor a VM. */
    public static SshKeys loadOrCreate(IgniteHome home) {
        Path dir = home.keys();
        try (StoreLock ignored = StoreLock.acquire(home, "ssh-keys")) {
            Path privateKey = dir.resolve(PRIVATE);
            if (Files.notExists(privateKey, LinkOption.NOFOLLOW_LINKS)) {
                requireNoVms(home, privateKey);
                return new SshKeys(create(dir), null);
            }
            return new SshKeys(load(dir), null);
        } catch (IgniteException e) {
            return new SshKeys(null, e);
        }
    }

    public KeyPair keyPair() {
        if (unusable != null) {
            throw new IgniteException(unusable.getMessage(), unusable);
        }
        return keyPair;
    }

    /** The line for a guest's {@code authorized_keys}. */
    public String authorizedKey() {
        return authorizedKeyLine(keyPair());
    }

    /** A VM made with a pair that is gone authorizes nothing a new pair could open: say so, make nothing. */
    private static void requireNoVms(IgniteHome home, Path privateKey) {
        List<String> vms;
        try (Stream<Path> entries = Files.list(home.vms())) {
            vms = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IgniteException("cannot list " + home.vms() + " to check that no VM uses the missing key "
                    + privateKey + ": " + e.getMessage(), e);
        }
        if (!vms.isEmpty()) {
            throw new IgniteException("the store's SSH private key " + privateKey + " is missing, but the store holds "
                    + vms.size() + " VM(s) whose guests authorize it (" + String.join(", ", vms) + "): a new key pair"
                    + " would lock them out, so none is made. Put the key files of " + home.keys() + " back, or remove"
                    + " those VMs first (`ignite rm -f NAME`; `ignite ps -a` lists them)");
        }
    }

    private static KeyPair load(Path dir) {
        Path file = dir.resolve(PRIVATE);
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            file = dir.resolve(X509);
            var publicKey = factory.generatePublic(new X509EncodedKeySpec(unpem(Files.readString(file))));
            file = dir.resolve(PRIVATE);
            var privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(file))));
            return new KeyPair(publicKey, privateKey);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IgniteException("cannot load the store's SSH key pair: " + file + " is missing, unreadable or"
                    + " damaged (" + e + "). Every VM of this store authorizes this pair, so it is never replaced:"
                    + " restore the file (readable by " + System.getProperty("user.name") + "), or, to start over,"
                    + " remove every VM (`ignite rm -f`) and then the folder " + dir, e);
        }
    }

    /** Public halves first, the private key last: the pair counts as made once the private key is in place. */
    private static KeyPair create(Path dir) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            place(dir, X509, pem("PUBLIC KEY", pair.getPublic().getEncoded()), true);
            place(dir, PUBLIC, authorizedKeyLine(pair) + "\n", true);
            place(dir, PRIVATE, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), false);
            return pair;
        } catch (IOException | GeneralSecurityException e) {
            throw new IgniteException("cannot create the SSH key pair in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Written under a temporary name, owner-only, then moved in; the private key never replaces a file. */
    private static void place(Path dir, String name, String content, boolean replace) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name + "-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, content);
            if (replace) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, dir.resolve(name));
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String authorizedKeyLine(KeyPair pair) {
        return KeyType.fromKey(pair.getPublic()) + " "
                + Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(pair.getPublic())
                .getCompactData()) + " ignite";
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }
}
