package dev.ignite.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ignite's v1alpha4 {@code kind: Image} or {@code kind: Kernel}: {@code spec.oci} is the source to
 * import (registry reference, archive, layout), {@code metadata.name} the name it gets (the source
 * itself when absent, as Ignite names images by their reference).
 */
public record ArtifactObject(String kind, String name, String oci) {
    public static final String IMAGE = "Image";
    public static final String KERNEL = "Kernel";

    public static ArtifactObject read(JsonNode object) {
        String kind = object.path("kind").asText();
        String oci = IgniteConfiguration.text(object.path("spec").path("oci")).orElseThrow(() -> new IgniteException(
                "an " + kind + " object needs spec.oci (a registry reference, docker-archive:PATH, oci-archive:PATH"
                        + " or oci:DIR)"));
        return new ArtifactObject(kind, IgniteConfiguration.text(object.path("metadata").path("name")).orElse(oci), oci);
    }

    public static Map<String, Object> describe(Image image) {
        return describe(IMAGE, image.name(), image.id(), image.created().toString(), image.source(),
                Map.of("id", image.digest(), "size", image.rootfsBytes()));
    }

    public static Map<String, Object> describe(Kernel kernel) {
        return describe(KERNEL, kernel.name(), kernel.id(), kernel.created().toString(), kernel.source(),
                Map.of("id", kernel.digest(), "version", kernel.version()));
    }

    private static Map<String, Object> describe(String kind, String name, String id, String created, String source,
                                                Map<String, Object> ociSource) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name == null ? source : name);
        metadata.put("uid", id);
        metadata.put("created", created);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", ApiObjects.API_VERSION);
        object.put("kind", kind);
        object.put("metadata", metadata);
        object.put("spec", Map.of("oci", source));
        object.put("status", Map.of("ociSource", ociSource));
        return object;
    }
}
