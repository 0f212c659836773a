package dev.ignite.engine.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes (UTF-8) written through to a command's {@link PrintWriter} and flushed at once: the engine
 * streams guest output as bytes, the CLI writes to the writer picocli gives it (captured in tests).
 * A character split across two writes is held back until its last byte arrives.
 */
final class WriterStream extends OutputStream {
    private final PrintWriter out;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    WriterStream(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, pending.remaining());
            pending.put(bytes, offset, n);
            offset += n;
            length -= n;
            pending.flip();
            decoder.decode(pending, chars, false);
            pending.compact();
            chars.flip();
            out.append(chars);
            chars.clear();
        }
        out.flush();
    }

    @Override
    public void flush() {
        out.flush();
    }
}
