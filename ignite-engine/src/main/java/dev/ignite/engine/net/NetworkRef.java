package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;

/**
 * A VM's network as {@code VmSpec} names it: {@code user} (the default), {@code bridge}, or a vde
 * network, written {@code vde:NAME} or just {@code NAME}.
 */
public record NetworkRef(NetworkMode mode, String name) {
    public static final String USER = "user";
    public static final String BRIDGE = "bridge";
    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9_.-]{0,31}";

    public static NetworkRef parse(String text) {
        if (text == null || text.equals(USER)) {
            return new NetworkRef(NetworkMode.USER, USER);
        }
        if (text.equals(BRIDGE)) {
            return new NetworkRef(NetworkMode.BRIDGE, BRIDGE);
        }
        String name = text;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            String mode = text.substring(0, colon);
            if (!mode.equals("vde")) {
                throw new IgniteException("network '" + text + "' has an unknown mode '" + mode
                        + "': use user, bridge, vde:NAME or a plain NAME (a vde network)");
            }
            name = text.substring(colon + 1);
        }
        if (name.equals(USER) || name.equals(BRIDGE) || !name.matches(NAME_PATTERN)) {
            throw new IgniteException("network name '" + name + "' is invalid: use lower-case letters, digits, '_', '.',"
                    + " '-' (at most 32), and not 'user' or 'bridge'");
        }
        return new NetworkRef(NetworkMode.VDE, name);
    }

    /** The text {@link #parse} reads back. */
    @Override
    public String toString() {
        return mode == NetworkMode.VDE ? "vde:" + name : name;
    }
}
