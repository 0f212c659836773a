package dev.ignite.engine.store;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.Setting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The on-disk store shared by every JVM and the CLI of one user: {@code $IGNITE_HOME}, by default
 * {@code ~/.ignite}. Images and kernels are content-addressed; VMs live under their ID. It is
 * private to its user: the root folder is 0700, so no other user reaches anything below it (config
 * drives with env values, disks with host keys, logs, sockets), and what is below is 0700/0600 too.
 */
public final class IgniteHome {
    /** What a store's root folder holds; anything else means IGNITE_HOME names a folder of other uses. */
    private static final Set<String> STORE_ENTRIES = Set.of("images", "kernels", "vms", "keys", "tmp", "locks",
            "networks", "snapshots", "cache", "recipes");
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
        makePrivate(home.root);
        for (Path dir : new Path[]{home.images(), home.kernels(), home.vms(), home.keys(), home.stagingRoot(), home.locks(),
                home.networks(), home.snapshots()}) {
            try {
                PrivateFiles.createDirectories(dir);
                if (!Files.getPosixFilePermissions(dir).equals(PosixFilePermissions.fromString("rwx------"))) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // an older store's
                }
            } catch (IOException e) {
                throw new IgniteException("cannot create the store folder " + dir + ": " + e.getMessage()
                        + " (set IGNITE_HOME to a writable folder)", e);
            }
        }
        WorkFolders.sweep(home.stagingRoot());
        return home;
    }

    /**
     * Makes the root folder 0700: a new folder, an empty one, or an existing store (an older one was
     * readable by all). A folder with other content is refused rather than closed to its other users.
     */
    private static void makePrivate(Path root) {
        Set<PosixFilePermission> privateMode = PosixFilePermissions.fromString("rwx------");
        try {
            PrivateFiles.createDirectories(root);
            if (Files.getPosixFilePermissions(root).equals(privateMode)) {
                return;
            }
            boolean store;
            try (Stream<Path> entries = Files.list(root)) {
                store = entries.allMatch(e -> STORE_ENTRIES.contains(e.getFileName().toString()));
            }
            if (!store) {
                throw new IgniteException("the store folder " + root + " is open to other users and holds files that"
                        + " are not the store's: set IGNITE_HOME to a folder for the store alone (it is made private)");
            }
            PrivateFiles.restrict(root); // once: from now on the root is private, and what is made below it too
        } catch (IOException e) {
            throw new IgniteException("cannot create the store folder " + root + ": " + e.getMessage()
                    + " (set IGNITE_HOME to a writable folder)", e);
        }
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

    /**
     * This process's staging space, on the same file system as the store so finished work is moved
     * in atomically; what a killed process left there is removed when the store is next opened.
     */
    public Path tmp() {
        return WorkFolders.own(stagingRoot());
    }

    private Path stagingRoot() {
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
