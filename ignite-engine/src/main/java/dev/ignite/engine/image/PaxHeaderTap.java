package dev.ignite.engine.image;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches a tar stream as commons-compress reads it and keeps the raw bytes of each entry's PAX
 * {@code SCHILY.xattr.*} values. commons-compress decodes PAX values as UTF-8 text, which damages
 * binary values such as file capabilities and ACLs; GNU tar writes them raw. Entries are numbered
 * in the order commons-compress returns them (PAX, global and GNU long-name headers are not
 * entries), so entry {@code n}'s xattrs are known once its header has gone by.
 *
 * <p>It also refuses, as their header block goes by and before commons-compress reads them into
 * memory, PAX ({@code x}, Solaris {@code X}), global ({@code g}) and GNU long-name ({@code L},
 * {@code K}) headers larger than {@link #MAX_HEADER_BYTES}: a layer cannot make the engine run out
 * of memory.
 */
final class PaxHeaderTap extends FilterInputStream {
    private static final int BLOCK = 512;
    private static final String SCHILY = "SCHILY.xattr.";
    /** Far more than real headers need (Linux caps one file's xattrs at 64 KiB, names at 4 KiB). */
    static final long MAX_HEADER_BYTES = 1 << 20;

    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    private long dataLeft;
    private ByteArrayOutputStream pax;
    private long paxLeft;
    private Map<String, byte[]> pending = new HashMap<>();
    private Long pendingSize;
    private final Map<Integer, Map<String, byte[]>> byEntry = new HashMap<>();
    private int entries;
    /** Data of an old-GNU sparse entry, due after its extension header blocks. */
    private long sparseData = -1;
    /** Set when the stream is not a tar the tap can follow: it then stops watching, the import goes on. */
    private boolean lost;

    PaxHeaderTap(InputStream in) {
        super(in);
    }

    /** The raw xattr values of the entry commons-compress returned as number {@code index} (from 0). */
    Map<String, byte[]> xattrs(int index) {
        return byEntry.getOrDefault(index, Map.of());
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            watchSafely(new byte[]{(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            watchSafely(buffer, offset, n);
        }
        return n;
    }

    /** Every byte must pass by: skipping reads. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    private void watchSafely(byte[] bytes, int offset, int length) {
        if (lost) {
            return;
        }
        try {
            watch(bytes, offset, length);
        } catch (UnsafeLayerException e) {
            throw e;
        } catch (RuntimeException e) {
            lost = true; // commons-compress reports a broken tar itself; xattrs fall back to its decoding
        }
    }

    private void watch(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (dataLeft > 0) {
                int take = (int) Math.min(length, dataLeft);
                if (pax != null) {
                    int keep = (int) Math.min(take, paxLeft);
                    pax.write(bytes, offset, keep);
                    paxLeft -= keep;
                    if (paxLeft == 0) {
                        readPaxRecords(pax.toByteArray());
                        pax = null;
                    }
                }
                dataLeft -= take;
                offset += take;
                length -= take;
            } else {
                int take = Math.min(length, BLOCK - headerFill);
                System.arraycopy(bytes, offset, header, headerFill, take);
                headerFill += take;
                offset += take;
                length -= take;
                if (headerFill == BLOCK) {
                    headerFill = 0;
                    onHeader();
                }
            }
        }
    }

    private void onHeader() {
        if (sparseData >= 0) { // an old-GNU sparse extension block: the entry's data follows the last one
            if (header[504] == 0) {
                dataLeft = sparseData;
                sparseData = -1;
            }
            return;
        }
        if (isZeroBlock()) {
            return; // end-of-archive marker
        }
        byte type = header[156];
        long size = size();
        if ((type == 'x' || type == 'X' || type == 'g' || type == 'L' || type == 'K') && size > MAX_HEADER_BYTES) {
            throw new UnsafeLayerException(headerName(), "its " + (char) type + " header holds " + LayerBudget.bytes(size)
                    + ", more than the " + LayerBudget.bytes(MAX_HEADER_BYTES) + " a tar header may take here");
        }
        switch (type) {
            case 'x', 'X' -> {
                pax = new ByteArrayOutputStream();
                paxLeft = size;
                dataLeft = padded(size);
                if (size == 0) {
                    pax = null;
                }
            }
            case 'g', 'L', 'K' -> dataLeft = padded(size);
            default -> {
                if (!pending.isEmpty()) {
                    byEntry.put(entries, pending);
                }
                entries++;
                boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
                dataLeft = hasData ? padded(pendingSize != null ? pendingSize : size) : 0;
                pending = new HashMap<>();
                pendingSize = null;
                if (type == 'S' && header[482] != 0) {
                    sparseData = dataLeft;
                    dataLeft = 0;
                }
            }
        }
    }

    /** PAX records: "LENGTH KEY=VALUE\n", LENGTH counting the whole record in bytes. */
    private void readPaxRecords(byte[] data) {
        int position = 0;
        while (position < data.length) {
            int space = indexOf(data, (byte) ' ', position);
            if (space < 0) {
                return;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, position, space - position, StandardCharsets.US_ASCII).strip());
            } catch (NumberFormatException e) {
                return; // malformed: commons-compress reports it
            }
            int equals = indexOf(data, (byte) '=', space + 1);
            int end = position + length - 1; // the record's closing newline
            if (length <= 0 || equals < 0 || end > data.length || equals > end) {
                return;
            }
            String key = new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = java.util.Arrays.copyOfRange(data, equals + 1, end);
            if (key.startsWith(SCHILY)) {
                pending.put(key.substring(SCHILY.length()), value);
            } else if (key.equals("size")) {
                pendingSize = Long.parseLong(new String(value, StandardCharsets.US_ASCII).strip());
            }
            position += length;
        }
    }

    private long size() {
        if ((header[124] & 0x80) != 0) { // base-256, for sizes octal cannot hold
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        long size = 0;
        for (int i = 124; i < 136; i++) {
            byte b = header[i];
            if (b >= '0' && b <= '7') {
                size = size * 8 + (b - '0');
            } else if (b == 0 || (b == ' ' && size > 0)) {
                break;
            }
        }
        return size;
    }

    private String headerName() {
        int end = 0;
        while (end < 100 && header[end] != 0) {
            end++;
        }
        return new String(header, 0, end, StandardCharsets.UTF_8);
    }

    private boolean isZeroBlock() {
        for (byte b : header) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static int indexOf(byte[] data, byte wanted, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
