package dev.ignite.engine.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves an image path inside a staging root the way a chroot would: symlinks met on the way
 * are followed, absolute ones relative to the root, and anything that would climb above the root
 * is rejected. The final component is never followed, so an entry replaces a link rather than
 * writing through it.
 */
public final class RootConfinedPath {
    private static final int MAX_LINKS = 40;

    private RootConfinedPath() {
    }

    /** Splits a tar entry name into clean components, rejecting {@code ..} and empty names. */
    static String normalize(String entryName) {
        String name = entryName.replaceAll("/+", "/");
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        name = name.replaceAll("^/+", "").replaceAll("/+$", "");
        if (name.equals(".")) {
            return "";
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new UnsafeLayerException(entryName, "its path climbs out of the image root with '..'");
            }
        }
        return name.replace("/./", "/");
    }

    /** The staged location of {@code imagePath}, its parent folders resolved through links within root. */
    static Path resolve(Path root, String imagePath, String entryName) throws IOException {
        if (imagePath.isEmpty()) {
            return root;
        }
        int slash = imagePath.lastIndexOf('/');
        String parent = slash < 0 ? "" : imagePath.substring(0, slash);
        String leaf = imagePath.substring(slash + 1);
        return resolveFollowingLinks(root, parent, entryName).resolve(leaf);
    }

    /** Resolves every component, following links, and returns a path under root. */
    public static Path resolveFollowingLinks(Path root, String imagePath, String entryName) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        pushAll(todo, imagePath);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (done.isEmpty()) {
                    throw new UnsafeLayerException(entryName, "a symlink on its path leads above the image root");
                }
                done.removeLast();
                continue;
            }
            Path candidate = join(root, done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new UnsafeLayerException(entryName, "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                pushAll(todo, target);
            } else {
                done.addLast(part);
            }
        }
        Path resolved = join(root, done);
        if (!resolved.normalize().startsWith(root)) {
            throw new UnsafeLayerException(entryName, "it resolves outside the image root");
        }
        return resolved;
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static void pushAll(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path join(Path root, Deque<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
