package dev.ignite.engine.oci;

import dev.ignite.engine.IgniteException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The named files of an image layout, whether they sit in a tar or in a folder. */
interface LayoutEntries extends Closeable {
    boolean has(String name);

    /** Null when there is no such entry. */
    Long size(String name);

    InputStream open(String name) throws IOException;

    @Override
    void close() throws IOException;

    static LayoutEntries tar(Path file) throws IOException {
        TarFile tar = new TarFile(file.toFile());
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        for (TarArchiveEntry entry : tar.getEntries()) {
            entries.put(stripDotSlash(entry.getName()), entry);
        }
        return new LayoutEntries() {
            @Override
            public boolean has(String name) {
                return entries.containsKey(stripDotSlash(name));
            }

            @Override
            public Long size(String name) {
                TarArchiveEntry entry = entries.get(stripDotSlash(name));
                return entry == null ? null : entry.getSize();
            }

            @Override
            public InputStream open(String name) throws IOException {
                return tar.getInputStream(entries.get(stripDotSlash(name)));
            }

            @Override
            public void close() throws IOException {
                tar.close();
            }
        };
    }

    static LayoutEntries folder(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return new LayoutEntries() {
            private Path file(String name) {
                Path file = root.resolve(stripDotSlash(name)).normalize();
                if (!file.startsWith(root)) {
                    throw new IgniteException("image layout " + root + " names '" + name + "', which is outside it");
                }
                return file;
            }

            @Override
            public boolean has(String name) {
                return Files.isRegularFile(file(name));
            }

            @Override
            public Long size(String name) {
                try {
                    return has(name) ? Files.size(file(name)) : null;
                } catch (IOException e) {
                    return null;
                }
            }

            @Override
            public InputStream open(String name) throws IOException {
                return Files.newInputStream(file(name));
            }

            @Override
            public void close() {
            }
        };
    }

    private static String stripDotSlash(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }
}
