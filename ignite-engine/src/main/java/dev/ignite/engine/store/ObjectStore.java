package dev.ignite.engine.store;

import dev.ignite.engine.IgniteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One kind of object in the store: a folder per object under {@code parent}, each with a metadata
 * file. Lookup is by name first, then by a unique prefix of the ID; names are unique.
 */
public final class ObjectStore<T extends StoredObject<T>> {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    private final IgniteHome home;
    private final Path parent;
    private final String kind;
    private final String metadataFile;
    private final Class<T> type;
    private final Function<String, ? extends IgniteException> notFound;

    public ObjectStore(IgniteHome home, Path parent, String kind, String metadataFile, Class<T> type,
                       Function<String, ? extends IgniteException> notFound) {
        this.home = home;
        this.parent = parent;
        this.kind = kind;
        this.metadataFile = metadataFile;
        this.type = type;
        this.notFound = notFound;
    }

    public Path folderFor(String id) {
        return parent.resolve(id);
    }

    public boolean exists(Path folder) {
        return Files.exists(folder.resolve(metadataFile));
    }

    public T read(Path folder) {
        return Json.read(folder.resolve(metadataFile), type).at(folder);
    }

    public void write(T object) {
        Json.write(object.folder().resolve(metadataFile), object);
    }

    /** Metadata for an object still being staged in {@code folder}, before it is moved in. */
    public void writeStaged(Path folder, T object) {
        Json.write(folder.resolve(metadataFile), object);
    }

    public T get(String reference) {
        return find(reference).orElseThrow(() -> notFound.apply(reference));
    }

    public Optional<T> find(String reference) {
        List<T> all = list();
        Optional<T> byName = all.stream().filter(o -> reference.equals(o.name())).findFirst();
        if (byName.isPresent()) {
            return byName;
        }
        String prefix = reference.startsWith("sha256:") ? reference.substring(7) : reference;
        List<T> byId = all.stream().filter(o -> hex(o).startsWith(prefix)).toList();
        if (byId.size() > 1) {
            throw new IgniteException(kind + " ID prefix '" + reference + "' is ambiguous: it matches " + byId.size()
                    + " " + kind + "s; give more characters");
        }
        return byId.stream().findFirst();
    }

    /** Every readable object, newest first; an unreadable metadata file is reported by name and skipped. */
    public List<T> list() {
        List<T> objects = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!exists(dir)) {
                    continue;
                }
                try {
                    objects.add(read(dir));
                } catch (CorruptMetadataException e) {
                    LOG.warn(e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IgniteException("cannot list " + parent + ": " + e.getMessage(), e);
        }
        objects.sort(Comparator.comparing(StoredObject<T>::created).reversed());
        return objects;
    }

    /** Gives {@code object} the name, taking it from any other object of this kind. */
    public T claimName(T object, String name) {
        if (name == null || name.equals(object.name())) {
            return object;
        }
        try (StoreLock ignored = StoreLock.acquire(home, kind + "-names")) {
            for (T other : list()) {
                if (name.equals(other.name()) && !other.id().equals(object.id())) {
                    write(other.withName(null));
                }
            }
            T named = object.withName(name);
            write(named);
            return named;
        }
    }

    public void remove(T object) {
        try (StoreLock ignored = StoreLock.acquire(home, kind + "-" + hex(object))) {
            FileTrees.deleteRecursively(object.folder());
        } catch (IOException e) {
            throw new IgniteException("cannot remove " + kind + " " + object.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The object with content ID {@code id}, built into its folder by {@code build} only if the store
     * lacks it (under a lock, so concurrent JVMs build it once), then given {@code name}.
     */
    public T storeOnce(String id, String name, Function<Path, T> build) {
        Path folder = folderFor(id);
        try (StoreLock ignored = lock(id)) {
            T object = exists(folder) ? read(folder) : restricted(build.apply(folder));
            return claimName(object, name);
        }
    }

    /** What a build moved into the store may carry the modes of an image or a package: made private. */
    private T restricted(T object) {
        try {
            PrivateFiles.restrict(object.folder());
        } catch (IOException e) {
            throw new IgniteException("cannot make " + object.folder() + " private: " + e.getMessage(), e);
        }
        return object;
    }

    public StoreLock lock(String id) {
        return StoreLock.acquire(home, kind + "-" + id);
    }

    private static String hex(StoredObject<?> object) {
        String digest = object.digest();
        return digest.startsWith("sha256:") ? digest.substring(7) : digest;
    }
}
