package dev.ignite.engine.oci;

/** A layer of an image: its blob digest and media type (which says how it is compressed). */
public record Layer(Digest digest, String mediaType, long size) {
}
