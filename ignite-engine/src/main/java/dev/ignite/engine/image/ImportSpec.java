package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.ImageReference;

import java.nio.file.Path;

/**
 * What to import and how: the source ({@link ImageReference} syntax), the name to give it, the
 * rootfs size (0: content plus headroom), and registry access (plain HTTP allowed or not, which
 * Docker config file holds credentials; null means {@code ~/.docker/config.json}).
 */
public record ImportSpec(ImageReference source, String name, long sizeBytes, boolean allowInsecureRegistries,
                         Path dockerConfig) {
    public ImportSpec {
        if (source == null) {
            throw new IgniteException("an import needs a source");
        }
        if (sizeBytes < 0) {
            throw new IgniteException("rootfs size must be positive, was " + sizeBytes + " bytes");
        }
    }

    public static Builder builder(String source) {
        return new Builder(ImageReference.parse(source));
    }

    public static Builder builder(ImageReference source) {
        return new Builder(source);
    }

    public static final class Builder {
        private final ImageReference source;
        private String name;
        private long sizeBytes;
        private boolean allowInsecureRegistries;
        private Path dockerConfig;

        private Builder(ImageReference source) {
            this.source = source;
        }

        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /** The ext4 image's size; 0 (the default) sizes it from the content plus headroom. */
        public Builder setSizeBytes(long sizeBytes) {
            this.sizeBytes = sizeBytes;
            return this;
        }

        /** Allows plain-HTTP registries (and TLS without verification), as {@code --insecure} does. */
        public Builder setAllowInsecureRegistries(boolean allow) {
            this.allowInsecureRegistries = allow;
            return this;
        }

        public Builder setDockerConfig(Path dockerConfig) {
            this.dockerConfig = dockerConfig;
            return this;
        }

        public ImportSpec build() {
            return new ImportSpec(source, name, sizeBytes, allowInsecureRegistries, dockerConfig);
        }
    }
}
