package dev.ignite.engine.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One terminal attached to a VM's console socket: the terminal's input goes to the guest, the
 * guest's output to the terminal, until the detach keys, the end of input, or the VM closes the
 * console. The VM keeps running in every case.
 */
public final class ConsoleAttachment {
    /** Why an attachment ended. */
    public enum Ending {
        /** The detach keys were typed. */
        DETACHED,
        /** The terminal's input ended. */
        INPUT_CLOSED,
        /** The VM closed its console: it stopped. */
        CONSOLE_CLOSED
    }

    private final SocketChannel channel;
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    private ConsoleAttachment(SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Pumps both ways until the attachment ends, then closes the channel. The input is read on a
     * daemon thread that may stay blocked in {@code in.read()} afterwards (stdin cannot be
     * interrupted); it passes nothing on once the attachment has ended.
     */
    static Ending run(SocketChannel channel, InputStream in, OutputStream out, DetachKeys keys) throws IOException {
        ConsoleAttachment attachment = new ConsoleAttachment(channel);
        start("ignite-console-output", () -> attachment.pumpOutput(out));
        start("ignite-console-input", () -> attachment.pumpInput(in, keys.watcher()));
        try {
            return attachment.ending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ending.DETACHED;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
        } finally {
            channel.close();
        }
    }

    private static void start(String name, Runnable pump) {
        Thread t = new Thread(pump, name);
        t.setDaemon(true);
        t.start();
    }

    /** Keeps reading even when the terminal is slow: a console client that stops reading stalls the guest. */
    private void pumpOutput(OutputStream out) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (!ending.isDone()) {
            if (!readConsole(buffer)) {
                return;
            }
            try {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
            } catch (IOException e) {
                ending.completeExceptionally(e);
            }
        }
    }

    private void pumpInput(InputStream in, DetachKeys.Watcher watcher) {
        byte[] buffer = new byte[1024];
        while (!ending.isDone()) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                ending.completeExceptionally(e);
                return;
            }
            if (n < 0) {
                ending.complete(Ending.INPUT_CLOSED);
                return;
            }
            if (!writeConsole(ByteBuffer.wrap(watcher.filter(buffer, n)))) {
                return;
            }
            if (watcher.detached()) {
                ending.complete(Ending.DETACHED);
                return;
            }
        }
    }

    /** Any failure on the socket (end of stream, reset, closed by us at the end) means the console is gone. */
    private boolean readConsole(ByteBuffer buffer) {
        try {
            if (channel.read(buffer.clear()) >= 0) {
                return true;
            }
        } catch (IOException e) {
            // falls through: the console is gone
        }
        ending.complete(Ending.CONSOLE_CLOSED);
        return false;
    }

    private boolean writeConsole(ByteBuffer typed) {
        try {
            while (typed.hasRemaining()) {
                channel.write(typed);
            }
            return true;
        } catch (IOException e) {
            ending.complete(Ending.CONSOLE_CLOSED);
            return false;
        }
    }
}
