package dev.ignite.engine.oci;

import dev.ignite.engine.IgniteException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:ab12…}; only sha256 is accepted, as in practice. */
public record Digest(String hex) {
    private static final Pattern SHA256 = Pattern.compile("sha256:([0-9a-f]{64})");

    public Digest {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
        }
    }

    public static Digest parse(String text) {
        var m = SHA256.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IgniteException("unsupported or malformed digest '" + text + "': expected sha256:<64 hex>");
        }
        return new Digest(m.group(1));
    }

    public static Digest of(byte[] bytes) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    public static Digest of(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return new Digest(HexFormat.of().formatHex(md.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The short form used as an ID, like Docker's. */
    public String shortId() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
