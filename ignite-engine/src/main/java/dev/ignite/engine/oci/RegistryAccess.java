package dev.ignite.engine.oci;

import java.nio.file.Path;

/**
 * How registries are reached: whether plain HTTP (and unverified TLS) is allowed, which Docker
 * config file holds credentials (null: {@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}), and where pulled layers are cached between pulls.
 */
public record RegistryAccess(boolean allowInsecure, Path dockerConfig, Path layerCache) {
    /** The Docker config file credentials are read from. */
    public Path dockerConfigFile() {
        if (dockerConfig != null) {
            return dockerConfig;
        }
        String env = System.getenv("DOCKER_CONFIG");
        return env != null && !env.isBlank() ? Path.of(env, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }
}
