package dev.ignite.engine;

/** Every failure the engine reports: the message says what is wrong and what to do about it. */
public class IgniteException extends RuntimeException {
    public IgniteException(String message) {
        super(message);
    }

    public IgniteException(String message, Throwable cause) {
        super(message, cause);
    }
}
