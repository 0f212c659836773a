package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.IgniteHome;
import dev.ignite.engine.store.PrivateFiles;
import dev.ignite.engine.store.StoreLock;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The store-wide SSH key pair every VM authorizes: made in Java on first use, the private key
 * readable by its owner only. Files: {@code keys/ignite_ed25519} (PKCS#8 PEM) and
 * {@code keys/ignite_ed25519.pub} (an authorized_keys line).
 */
public final class SshKeys {
    private static final String PRIVATE = "ignite_ed25519";
    private static final String PUBLIC = "ignite_ed25519.pub";
    private static final String X509 = "ignite_ed25519.x509";

    private final KeyPair keyPair;
    private final String authorizedKey;

    private SshKeys(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.authorizedKey = KeyType.fromKey(keyPair.getPublic()) + " "
                + Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(keyPair.getPublic())
                .getCompactData()) + " ignite";
    }

    public static SshKeys loadOrCreate(IgniteHome home) {
        Path dir = home.keys();
        try (StoreLock ignored = StoreLock.acquire(home, "ssh-keys")) {
            if (Files.exists(dir.resolve(PRIVATE)) && Files.exists(dir.resolve(X509))) {
                return new SshKeys(load(dir));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            SshKeys keys = new SshKeys(pair);
            Path privateKey = dir.resolve(PRIVATE);
            Files.deleteIfExists(privateKey);
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            PrivateFiles.write(dir.resolve(X509), pem("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            PrivateFiles.write(dir.resolve(PUBLIC), (keys.authorizedKey + "\n").getBytes(StandardCharsets.US_ASCII));
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new IgniteException("cannot load or create the SSH key pair in " + dir + ": " + e.getMessage()
                    + " (remove the folder to make a new pair)", e);
        }
    }

    private static KeyPair load(Path dir) throws IOException, GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        return new KeyPair(
                factory.generatePublic(new X509EncodedKeySpec(unpem(Files.readString(dir.resolve(X509))))),
                factory.generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(dir.resolve(PRIVATE))))));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The line for a guest's {@code authorized_keys}. */
    public String authorizedKey() {
        return authorizedKey;
    }
}
