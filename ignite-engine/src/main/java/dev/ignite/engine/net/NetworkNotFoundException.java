package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;

/** No network of that name in the store. */
public final class NetworkNotFoundException extends IgniteException {
    public NetworkNotFoundException(String name) {
        super("no network named '" + name + "' in the store (networks are made when their first VM is created)");
    }
}
