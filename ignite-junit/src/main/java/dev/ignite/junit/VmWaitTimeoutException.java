package dev.ignite.junit;

/**
 * A {@link VmWaits} condition that did not come true in time (or never will); the message names VM,
 * condition and last check.
 */
public final class VmWaitTimeoutException extends AssertionError {
    VmWaitTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
