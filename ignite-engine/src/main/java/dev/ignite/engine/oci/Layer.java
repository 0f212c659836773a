package dev.ignite.engine.oci;

/**
 * A layer of an image: its blob digest and media type (which says how it is compressed), its size
 * as stored, and the digest of its uncompressed tar ({@code diff_id}) where that is what verifies it.
 * In a {@code docker save} archive the blob is named by path ({@code docker-archive:PATH} media type).
 */
public record Layer(Digest digest, String mediaType, long size, Digest diffId) {
    /** More than any real layer expands to; a layer past it is refused, whatever the free space. */
    public static final long MAX_EXPANDED_BYTES = 64L << 30;

    public Layer(Digest digest, String mediaType, long size) {
        this(digest, mediaType, size, null);
    }
}
