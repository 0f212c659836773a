package dev.ignite.engine.store;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.Setting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk store shared by every JVM and the CLI of one user: {@code $IGNITE_HOME}, by default
 * {@code ~/.ignite}. Images and kernels are content-addressed; VMs live under their ID.
 */
public final class IgniteHome {
    private final Path root;

    private IgniteHome(Path root) {
        this.root = root;
    }

    /** The {@code ignite.home} system property, else {@code $IGNITE_HOME}, else {@code ~/.ignite} ({@link Setting#HOME}). */
    public static IgniteHome fromEnvironment() {
        return at(Setting.HOME.value().map(Path::of).orElse(Path.of(System.getProperty("user.home"), ".ignite")));
    }

    public static IgniteHome at(Path root) {
        IgniteHome home = new IgniteHome(root.toAbsolutePath().normalize());
        for (Path dir : new Path[]{home.images(), home.kernels(), home.vms(), home.keys(), home.tmp(), home.locks(), home.networks(),
                home.snapshots()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IgniteException("cannot create the store folder " + dir + ": " + e.getMessage()
                        + " (set IGNITE_HOME to a writable folder)", e);
            }
        }
        return home;
    }

    public Path root() {
        return root;
    }

    public Path images() {
        return root.resolve("images");
    }

    public Path kernels() {
        return root.resolve("kernels");
    }

    public Path vms() {
        return root.resolve("vms");
    }

    /** Networks VMs share (vde switches, bridges): metadata and control sockets. */
    public Path networks() {
        return root.resolve("networks");
    }

    /** Saved VM states (memory file, device state, frozen disk) that clones restore from. */
    public Path snapshots() {
        return root.resolve("snapshots");
    }

    public Path keys() {
        return root.resolve("keys");
    }

    /** Staging space on the same file system as the store, so finished work is moved in atomically. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    /** Layers pulled from registries, kept so a second pull of an image fetches only its manifest. */
    public Path registryCache() {
        return root.resolve("cache").resolve("registry");
    }

    public Path locks() {
        return root.resolve("locks");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
