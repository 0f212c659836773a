package dev.ignite.engine.image;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.ignite.engine.store.StoredObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An imported image as the store keeps it (kind {@code Image}, like Ignite's API objects): a
 * read-only ext4 rootfs keyed by the image's digest, plus what its OCI config says.
 */
public record Image(
        String kind,
        String apiVersion,
        String id,
        String name,
        String digest,
        String source,
        long rootfsBytes,
        long contentBytes,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        Map<String, String> labels,
        Instant created,
        @JsonIgnore Path folder) implements StoredObject<Image> {

    public static final String KIND = "Image";

    public Image {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @JsonIgnore
    public Path rootfs() {
        return folder.resolve(ImageStore.ROOTFS_FILE);
    }

    @Override
    public Image withName(String newName) {
        return new Image(kind, apiVersion, id, newName, digest, source, rootfsBytes, contentBytes, entrypoint, cmd,
                env, labels, created, folder);
    }

    @Override
    public Image at(Path newFolder) {
        return new Image(kind, apiVersion, id, name, digest, source, rootfsBytes, contentBytes, entrypoint, cmd,
                env, labels, created, newFolder);
    }
}
