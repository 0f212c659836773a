package dev.ignite.engine.kernel;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.ignite.engine.store.StoredObject;

import java.nio.file.Path;
import java.time.Instant;

/**
 * An imported kernel (kind {@code Kernel}): the kernel binary, its modules, and the initramfs the
 * engine built for it, keyed by the kernel image's digest.
 */
public record Kernel(
        String kind,
        String apiVersion,
        String id,
        String name,
        String digest,
        String version,
        String source,
        Instant created,
        @JsonIgnore Path folder) implements StoredObject<Kernel> {

    public static final String KIND = "Kernel";

    @JsonIgnore
    public Path kernelImage() {
        return folder.resolve(KernelStore.KERNEL_FILE);
    }

    /** The kernel's full module tree ({@code lib/modules/VERSION}). */
    @JsonIgnore
    public Path modules() {
        return folder.resolve("modules");
    }

    /** The kernel's build configuration ({@code boot/config} of its tree); absent if the image shipped none. */
    @JsonIgnore
    public Path config() {
        return folder.resolve(KernelStore.CONFIG_FILE);
    }

    @Override
    public Kernel withName(String newName) {
        return new Kernel(kind, apiVersion, id, newName, digest, version, source, created, folder);
    }

    @Override
    public Kernel at(Path newFolder) {
        return new Kernel(kind, apiVersion, id, name, digest, version, source, created, newFolder);
    }
}
