package dev.ignite.engine.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Tar bytes written block by block, for headers commons-compress will not write: Solaris {@code X}
 * extended headers, raw binary PAX values, headers that announce more bytes than any real one.
 */
final class RawTar {
    static final int BLOCK = 512;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A ustar header block with its checksum. */
    static byte[] header(String name, char type, long size) {
        byte[] h = new byte[BLOCK];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "14540140000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    /** One PAX record, "LENGTH KEY=VALUE\n", LENGTH counting itself. */
    static byte[] paxRecord(String key, byte[] value) {
        int rest = 1 + key.length() + 1 + value.length + 1;
        int length = rest + Integer.toString(rest).length();
        if (Integer.toString(length).length() != Integer.toString(rest).length()) {
            length++;
        }
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes((length + " " + key + "=").getBytes(StandardCharsets.UTF_8));
        record.writeBytes(value);
        record.write('\n');
        return record.toByteArray();
    }

    RawTar entry(String name, char type, byte[] data) {
        out.writeBytes(header(name, type, data.length));
        out.writeBytes(data);
        out.writeBytes(new byte[padding(data.length)]);
        return this;
    }

    byte[] end() {
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static void put(byte[] h, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, h, offset, bytes.length);
    }
}
