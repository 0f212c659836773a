package dev.ignite.engine.host;

/**
 * Closes every resource in order even when some fail: the first failure is thrown with the later
 * ones attached as suppressed, so no resource is left open and no error is lost.
 */
public final class CloseAll {
    private CloseAll() {
    }

    public static void close(Iterable<? extends AutoCloseable> resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r
                        : new IllegalStateException("closing " + resource + " failed: " + e.getMessage(), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
