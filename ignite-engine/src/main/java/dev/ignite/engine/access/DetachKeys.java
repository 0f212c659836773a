package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The key sequence that ends a console attachment without touching the VM, written as Docker's
 * {@code --detach-keys}: comma-separated keys, each a single character or {@code ctrl-X}.
 */
public final class DetachKeys {
    public static final DetachKeys DEFAULT = parse("ctrl-p,ctrl-q");

    private final byte[] sequence;
    private final String display;

    private DetachKeys(byte[] sequence, String display) {
        this.sequence = sequence;
        this.display = display;
    }

    /** Parses {@code "ctrl-p,ctrl-q"}; {@code ctrl-} takes a letter or one of {@code @[\]^_}. */
    public static DetachKeys parse(String keys) {
        List<String> shown = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String key : keys.split(",", -1)) {
            String k = key.strip();
            if (k.length() == 1 && k.charAt(0) > ' ' && k.charAt(0) < 127) {
                bytes.write(k.charAt(0));
                shown.add(k);
            } else if (k.length() == 6 && k.toLowerCase(Locale.ROOT).startsWith("ctrl-")
                    && isControlable(Character.toUpperCase(k.charAt(5)))) {
                char c = Character.toUpperCase(k.charAt(5));
                bytes.write(c & 0x1f);
                shown.add("Ctrl-" + c);
            } else {
                throw new IgniteException("invalid detach key '" + k + "' in '" + keys
                        + "': use a single character or ctrl-<letter>, comma-separated (e.g. ctrl-p,ctrl-q)");
            }
        }
        return new DetachKeys(bytes.toByteArray(), String.join(" ", shown));
    }

    private static boolean isControlable(char c) {
        return (c >= 'A' && c <= 'Z') || "@[\\]^_".indexOf(c) >= 0;
    }

    /** How to type it, e.g. {@code Ctrl-P Ctrl-Q}. */
    public String display() {
        return display;
    }

    /** A fresh watcher for one input stream. */
    Watcher watcher() {
        return new Watcher();
    }

    @Override
    public String toString() {
        return display;
    }

    /**
     * Finds the sequence in typed input. Keys that start the sequence are held back until it is
     * complete (then dropped) or broken (then passed on), so the guest never sees a detach.
     */
    final class Watcher {
        private int matched;
        private boolean detached;

        /** The bytes of {@code input[0, length)} to pass to the guest; stops at a detach. */
        byte[] filter(byte[] input, int length) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length + sequence.length);
            for (int i = 0; i < length && !detached; i++) {
                byte b = input[i];
                if (b == sequence[matched]) {
                    matched++;
                    if (matched == sequence.length) {
                        detached = true;
                    }
                    continue;
                }
                out.write(sequence, 0, matched);
                matched = 0;
                if (b == sequence[0]) {
                    matched = 1;
                    detached = sequence.length == 1;
                } else {
                    out.write(b);
                }
            }
            return out.toByteArray();
        }

        boolean detached() {
            return detached;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachKeys other && Arrays.equals(sequence, other.sequence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sequence);
    }
}
