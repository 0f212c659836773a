package dev.ignite.engine.oci;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.ignite.engine.IgniteException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an image comes from, written as one string (the syntax {@code skopeo} uses):
 * <ul>
 *   <li>{@code [docker://]HOST[:PORT]/REPO[:TAG|@DIGEST]}: a registry, pulled with jib-core;</li>
 *   <li>{@code docker-archive:PATH}: a {@code docker save} tar;</li>
 *   <li>{@code oci-archive:PATH}: an OCI image layout in a tar;</li>
 *   <li>{@code oci:DIR[:TAG]}: an OCI image layout folder, the manifest tagged TAG if given;</li>
 *   <li>a bare path to an existing file (either archive) or folder (OCI layout).</li>
 * </ul>
 */
public record ImageReference(Transport transport, String location, String tag) {
    public enum Transport { REGISTRY, DOCKER_ARCHIVE, OCI_ARCHIVE, OCI_LAYOUT }

    public ImageReference {
        if (location == null || location.isBlank()) {
            throw new IgniteException("image reference has no " + (transport == Transport.REGISTRY ? "name" : "path"));
        }
    }

    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IgniteException("empty image reference: give a registry reference (localhost:5000/app:1.0),"
                    + " docker-archive:PATH, oci-archive:PATH or oci:DIR[:TAG]");
        }
        if (text.startsWith("docker://")) {
            return registry(text.substring("docker://".length()), text);
        }
        if (text.startsWith("docker-archive:")) {
            return new ImageReference(Transport.DOCKER_ARCHIVE, text.substring("docker-archive:".length()), null);
        }
        if (text.startsWith("oci-archive:")) {
            return new ImageReference(Transport.OCI_ARCHIVE, text.substring("oci-archive:".length()), null);
        }
        if (text.startsWith("oci:")) {
            String rest = text.substring("oci:".length());
            int colon = rest.lastIndexOf(':');
            // A colon after the last slash separates the tag: oci:/tmp/layout:1.0
            if (colon > 0 && rest.indexOf('/', colon) < 0 && !Files.isDirectory(Path.of(rest))) {
                return new ImageReference(Transport.OCI_LAYOUT, rest.substring(0, colon), rest.substring(colon + 1));
            }
            return new ImageReference(Transport.OCI_LAYOUT, rest, null);
        }
        Path path = Path.of(text);
        if (Files.isDirectory(path)) {
            return new ImageReference(Transport.OCI_LAYOUT, text, null);
        }
        if (Files.isRegularFile(path)) {
            // Both tar formats are told apart by their content.
            return new ImageReference(Transport.OCI_ARCHIVE, text, null);
        }
        return registry(text, text);
    }

    private static ImageReference registry(String name, String original) {
        try {
            com.google.cloud.tools.jib.api.ImageReference.parse(name);
        } catch (InvalidImageReferenceException e) {
            throw new IgniteException("'" + original + "' is neither an existing file or folder nor a registry reference"
                    + " (like localhost:5000/app:1.0); for archives write docker-archive:PATH, oci-archive:PATH"
                    + " or oci:DIR[:TAG]", e);
        }
        return new ImageReference(Transport.REGISTRY, name, null);
    }

    public boolean isRegistry() {
        return transport == Transport.REGISTRY;
    }

    public Path path() {
        if (isRegistry()) {
            throw new IllegalStateException(this + " is a registry reference, not a path");
        }
        return Path.of(location);
    }

    /** The reference as {@link #parse} reads it back. */
    @Override
    public String toString() {
        return switch (transport) {
            case REGISTRY -> location;
            case DOCKER_ARCHIVE -> "docker-archive:" + location;
            case OCI_ARCHIVE -> "oci-archive:" + location;
            case OCI_LAYOUT -> "oci:" + location + (tag == null ? "" : ":" + tag);
        };
    }
}
