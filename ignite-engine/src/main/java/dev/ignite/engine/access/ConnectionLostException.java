package dev.ignite.engine.access;

/**
 * A new channel could not be opened on a connection, so nothing ran in the guest yet: the one
 * failure {@link SshAccess} answers by reconnecting and trying again.
 */
final class ConnectionLostException extends RuntimeException {
    ConnectionLostException(Exception cause) {
        super(cause.getMessage(), cause);
    }
}
