package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;

/** A layer entry tried to reach outside the image root: the import stops before touching anything. */
public final class UnsafeLayerException extends IgniteException {
    public UnsafeLayerException(String entry, String why) {
        super("unsafe layer entry '" + entry + "': " + why + "; the image was not imported");
    }
}
