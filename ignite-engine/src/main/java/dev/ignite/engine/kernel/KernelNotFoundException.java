package dev.ignite.engine.kernel;

import dev.ignite.engine.IgniteException;

/** No kernel has that name or ID prefix. */
public final class KernelNotFoundException extends IgniteException {
    public KernelNotFoundException(String reference) {
        super("no kernel with the name or ID prefix '" + reference + "' in the store: list kernels with `ignite kernels`, import one with"
                + " `ignite kernel import ARCHIVE --name " + reference + "`");
    }
}
