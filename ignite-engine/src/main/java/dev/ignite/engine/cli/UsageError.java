package dev.ignite.engine.cli;

/**
 * Bad input a command finds only after parsing (a --format field, a filter key, two local paths for
 * {@code cp}): reported like a parse error, as one line with exit code 2.
 */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message, null, false, false);
    }
}
