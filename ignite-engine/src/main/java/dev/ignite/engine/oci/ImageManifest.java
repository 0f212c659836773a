package dev.ignite.engine.oci;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What the engine needs of an image: the digest that identifies it, its layers in order and its
 * config (entrypoint, env, labels).
 */
public record ImageManifest(Digest digest, List<Layer> layers, JsonNode config) {
    public ImageManifest {
        layers = List.copyOf(layers);
    }
}
