package dev.ignite.engine.access;

import java.io.IOException;

/**
 * A new channel could not be opened on a connection, so nothing ran in the guest yet: the one
 * failure {@link SshAccess} answers by reconnecting and trying again.
 */
final class ConnectionLostException extends RuntimeException {
    ConnectionLostException(IOException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
