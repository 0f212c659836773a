package dev.ignite.engine.cli;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.IgniteHome;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * The store's SSH key in the format the OpenSSH client reads. The engine keeps it as PKCS#8, which
 * OpenSSH 9.2 refuses for Ed25519 ("invalid format", measured), so {@code ignite ssh} writes an
 * {@code openssh-key-v1} copy beside it, readable by its owner only, and rewrites it when the key changes.
 */
final class OpenSshKey {
    static final String FILE = "ignite_ed25519.openssh";

    private OpenSshKey() {
    }

    /** The copy's path, written first if missing or older than the engine's key. */
    static Path ensure(IgniteHome home, PrivateKey key) {
        Path file = home.keys().resolve(FILE);
        Path source = home.keys().resolve("ignite_ed25519");
        try {
            if (Files.exists(file) && Files.exists(source)
                    && !Files.getLastModifiedTime(file).toInstant().isBefore(Files.getLastModifiedTime(source).toInstant())) {
                return file;
            }
            Path tmp = Files.createTempFile(home.keys(), ".openssh-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, pem(key));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IgniteException("cannot write the OpenSSH copy of the store's key to " + file + ": "
                    + e.getMessage(), e);
        }
    }

    static String pem(PrivateKey key) throws IOException {
        AsymmetricKeyParameter parameters = PrivateKeyFactory.createKey(key.getEncoded());
        byte[] blob = OpenSSHPrivateKeyUtil.encodePrivateKey(parameters);
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(70, "\n".getBytes()).encodeToString(blob)
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }
}
