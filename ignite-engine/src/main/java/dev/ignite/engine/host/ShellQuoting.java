package dev.ignite.engine.host;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Quoting for the guest's POSIX shell. Dropbear ignores SSH "env" requests, so environment
 * variables travel as {@code export K='V';} in front of the command, and must survive any value.
 */
public final class ShellQuoting {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ShellQuoting() {
    }

    /**
     * One shell word that stands for {@code value} exactly: single quotes keep everything literal,
     * and a single quote itself is closed, escaped and reopened ({@code '\''}).
     */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot hold a NUL character: " + printable(value));
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** {@code export A='1'; export B='2'; } in map order, or "" for no variables. */
    public static String exports(Map<String, String> env) {
        StringBuilder line = new StringBuilder();
        env.forEach((name, value) -> {
            requireVariableName(name);
            line.append("export ").append(name).append('=').append(quote(value)).append("; ");
        });
        return line.toString();
    }

    public static String requireVariableName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("environment variable name must match " + NAME.pattern()
                    + " but was: " + (name == null ? "null" : printable(name)));
        }
        return name;
    }

    private static String printable(String value) {
        return "\"" + value.replace("\0", "\\0") + "\"";
    }
}
