package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.PrivateFiles;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A VM's own SSH host key (Ed25519), made when the VM is created: our init installs it in the guest
 * from the config drive, in the format of the image's SSH server (OpenSSH or dropbear), and every
 * client the engine starts accepts that key only. A VM made from an image thus never shares a host
 * key with the image's other VMs, and a process squatting on a VM's port cannot pose as it.
 */
public final class HostKey {
    /** The key's files on the config drive and in the VM's store folder (readable by the owner only). */
    public static final String OPENSSH_FILE = "ssh_host_ed25519_key";
    public static final String PUBLIC_FILE = "ssh_host_ed25519_key.pub";
    public static final String DROPBEAR_FILE = "dropbear_ed25519_host_key";
    public static final String ALGORITHM = "ssh-ed25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519PrivateKeyParameters key;

    private HostKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
    }

    public static HostKey generate() {
        return new HostKey(new Ed25519PrivateKeyParameters(RANDOM));
    }

    /** The key kept in {@code folder} by {@link #writeTo}. */
    public static HostKey load(Path folder) {
        Path file = folder.resolve(OPENSSH_FILE);
        try {
            String pem = Files.readString(file);
            byte[] blob = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return new HostKey((Ed25519PrivateKeyParameters) OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(blob));
        } catch (IOException | RuntimeException e) {
            throw new IgniteException("cannot read the VM's SSH host key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The public half as a known_hosts/authorized_keys entry, {@code ssh-ed25519 AAAA…}: what clients pin. */
    public static String publicLine(Path folder) {
        Path file = folder.resolve(PUBLIC_FILE);
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IgniteException("VM in " + folder + " has no pinned SSH host key (" + e.getMessage() + "): it"
                    + " was made by an older engine; remove it and create it again", e);
        }
    }

    /** The same line for a key a server presented. */
    public static String publicLine(PublicKey presented) {
        return KeyType.fromKey(presented) + " "
                + Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(presented).getCompactData());
    }

    public String publicLine() {
        return ALGORITHM + " " + Base64.getEncoder().encodeToString(sshString(ALGORITHM.getBytes(StandardCharsets.US_ASCII),
                key.generatePublicKey().getEncoded()));
    }

    /** OpenSSH's private key file ({@code openssh-key-v1}), which sshd reads. */
    public String openSsh() {
        byte[] blob;
        try {
            blob = OpenSSHPrivateKeyUtil.encodePrivateKey(key);
        } catch (IOException e) {
            throw new IgniteException("cannot encode an SSH host key: " + e.getMessage(), e);
        }
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Base64.getMimeEncoder(70, "\n".getBytes()).encodeToString(blob)
                + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    /**
     * Dropbear's own private key file, which dropbear 2022.83 needs (it refuses OpenSSH's format):
     * the strings {@code ssh-ed25519} and the 32-byte seed followed by the 32-byte public key.
     */
    public byte[] dropbear() {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(key.getEncoded());
        both.writeBytes(key.generatePublicKey().getEncoded());
        return sshString(ALGORITHM.getBytes(StandardCharsets.US_ASCII), both.toByteArray());
    }

    /** The three files ({@link #OPENSSH_FILE}, {@link #PUBLIC_FILE}, {@link #DROPBEAR_FILE}) into {@code folder}. */
    public void writeTo(Path folder) throws IOException {
        PrivateFiles.write(folder.resolve(OPENSSH_FILE), openSsh().getBytes(StandardCharsets.US_ASCII));
        PrivateFiles.write(folder.resolve(PUBLIC_FILE), (publicLine() + "\n").getBytes(StandardCharsets.US_ASCII));
        PrivateFiles.write(folder.resolve(DROPBEAR_FILE), dropbear());
    }

    /** SSH wire strings: each a big-endian length and the bytes. */
    private static byte[] sshString(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
