package dev.ignite.engine.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command running through the guest agent, on a stream of its own: its output goes to the
 * given streams as frames arrive (on the connection's reader thread), its input is sent in chunks
 * the agent acknowledges once written, so a command that reads slowly holds back only its writer.
 */
final class AgentExec {
    private final AgentConnection connection;
    private final int stream;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Semaphore acks = new Semaphore(0);

    AgentExec(AgentConnection connection, int stream, OutputStream stdout, OutputStream stderr) {
        this.connection = connection;
        this.stream = stream;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    int stream() {
        return stream;
    }

    /** Called by the connection's reader thread for each frame of this stream. */
    void received(AgentFrame frame) {
        try {
            switch (frame.type()) {
                case AgentFrame.STDOUT -> stdout.write(frame.payload());
                case AgentFrame.STDERR -> stderr.write(frame.payload());
                case AgentFrame.STDIN_ACK -> acks.release();
                case AgentFrame.EXIT -> finish(null, frame.exitCode());
                case AgentFrame.ERROR -> finish(new IOException("the guest agent refused the command: " + frame.text()), 0);
                default -> { } // a newer agent's frame: ignored
            }
        } catch (IOException e) {
            // A sink that fails keeps the command running (a stalled reader would stall the channel).
        }
    }

    /** The connection ended: the command ends with it. */
    void lost(IOException cause) {
        finish(cause, 0);
    }

    private void finish(IOException failure, int code) {
        try {
            stdout.close();
            stderr.close();
        } catch (IOException ignored) {
            // sinks are in-memory or user code; their close failures change nothing here
        }
        acks.release(Integer.MAX_VALUE / 2);
        if (failure != null) {
            exit.completeExceptionally(failure);
        } else {
            exit.complete(code);
        }
        connection.forget(stream);
    }

    /** Sends all of {@code input}, chunk by chunk, then end of input. */
    void sendStdin(InputStream input) throws IOException {
        byte[] buffer = new byte[AgentFrame.MAX_PAYLOAD];
        for (int n; !exit.isDone() && (n = input.readNBytes(buffer, 0, buffer.length)) > 0; ) {
            connection.send(new AgentFrame(stream, AgentFrame.STDIN, Arrays.copyOf(buffer, n)));
            acks.acquireUninterruptibly();
        }
        closeStdin();
    }

    void closeStdin() throws IOException {
        if (!exit.isDone()) {
            connection.send(new AgentFrame(stream, AgentFrame.STDIN, new byte[0]));
        }
    }

    /** Sends a signal to the command's process group. */
    void signal(int signal) throws IOException {
        if (!exit.isDone()) {
            connection.send(new AgentFrame(stream, AgentFrame.SIGNAL, new byte[] {(byte) signal}));
        }
    }

    /** The exit code, or empty when {@code timeout} passed first. */
    Integer awaitExit(Duration timeout) throws IOException {
        try {
            return exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a guest command", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
