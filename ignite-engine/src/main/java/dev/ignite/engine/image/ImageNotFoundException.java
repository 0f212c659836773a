package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;

/** No image has that name or ID prefix. */
public final class ImageNotFoundException extends IgniteException {
    public ImageNotFoundException(String reference) {
        super("no image with the name or ID prefix '" + reference + "' in the store: list images with `ignite images`,"
                + " import one with `ignite build SOURCE --name " + reference + "`");
    }
}
