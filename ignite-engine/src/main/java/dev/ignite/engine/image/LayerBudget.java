package dev.ignite.engine.image;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.oci.Layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one layer may take while it is applied: its expanded tar at most {@code maxExpandedBytes}
 * (a few MB of gzip can expand to many GB), and the file data it writes at most what was free on
 * the staging disk when it started, less a margin. Either limit stops the layer with an error saying which, before
 * the disk is full; a disk that fills anyway is reported as full, naming the path.
 */
final class LayerBudget {
    /** A layer leaves this fraction of the free space unused: other jobs share the host's disk. */
    private static final int MARGIN = 16;

    private final Path root;
    private final String layerName;
    private final long maxExpandedBytes;
    private final long freeAtStart;
    private long expanded;
    private long written;

    private LayerBudget(Path root, String layerName, long maxExpandedBytes, long freeAtStart) {
        this.root = root;
        this.layerName = layerName;
        this.maxExpandedBytes = maxExpandedBytes;
        this.freeAtStart = freeAtStart;
    }

    static LayerBudget start(Path root, String layerName, long maxExpandedBytes) throws IOException {
        return new LayerBudget(root, layerName, maxExpandedBytes, Files.getFileStore(root).getUsableSpace());
    }

    /** The layer's uncompressed tar, counted as it is read. */
    InputStream expanded(InputStream tar) {
        return new Counting(tar) {
            @Override
            void count(long n) {
                expanded += n;
                if (expanded > maxExpandedBytes) {
                    throw new IgniteException("layer " + layerName + " expands to more than " + bytes(maxExpandedBytes)
                            + ", the most a layer may; it was not imported (a decompression bomb, or an image too big"
                            + " for a microVM)");
                }
            }
        };
    }

    /** A file's content on its way to {@code target}, counted against the free space. */
    InputStream written(InputStream content, Path target) {
        return new Counting(content) {
            @Override
            void count(long n) {
                written += n;
                long usable = freeAtStart - freeAtStart / MARGIN;
                if (written > usable) {
                    throw diskFull(target, written, freeAtStart, " (less a 1/" + MARGIN + " margin kept for the rest"
                            + " of the host)", null);
                }
            }
        };
    }

    /** The disk filled up while {@code target} was written: the same error as when the budget runs out. */
    IgniteException diskFullIfNoSpace(IOException e, Path target, long entrySize) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (reason == null || !reason.contains("No space left on device")) {
            return null;
        }
        long free;
        try {
            free = Files.getFileStore(root).getUsableSpace();
        } catch (IOException unreadable) {
            free = 0;
        }
        return diskFull(target, entrySize, free, "", e);
    }

    private IgniteException diskFull(Path target, long needed, long free, String margin, IOException cause) {
        return new IgniteException("disk full: writing " + target + " for layer " + layerName + " needs at least "
                + bytes(needed) + ", but only " + bytes(free) + " are free on that disk" + margin + "; free some space (or point"
                + " IGNITE_HOME at a larger disk) and import again", cause);
    }

    static String bytes(long n) {
        return n >= 1 << 20 ? String.format("%,d bytes (%d MiB)", n, n >> 20) : String.format("%,d bytes", n);
    }

    /** Counts every byte read; the limit check throws, so nothing past a limit is ever written. */
    private abstract static class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        abstract void count(long n);

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }
    }
}
