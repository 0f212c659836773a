package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.LocalPortForwarder;
import net.schmizz.sshj.connection.channel.direct.Parameters;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SSH connection to a VM's root account. sshj multiplexes channels on it, so any number of
 * threads may run commands, copy files and forward ports at once. The server must present the VM's
 * own host key ({@link HostKey}), pinned: any other program listening on the VM's port (another
 * user's, another guest's) is refused before the engine's key is offered.
 */
public final class SshConnection implements AutoCloseable {
    /** How long output readers may lag behind the channel's close. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);
    private static final Duration CHANNEL_OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(20);
    /** How long a new connection to a running VM waits for its listener (a clone's restarts after restore). */
    public static final Duration LISTENER_RESTART = Duration.ofSeconds(10);

    private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

    private final SSHClient client;

    private SshConnection(SSHClient client) {
        this.client = client;
    }

    /**
     * The JVM's first SSH client loads sshj's crypto providers, about 0.7 s here: a VM start calls
     * this so that happens on another thread while the guest boots or restores.
     */
    public static void warmUpInBackground() {
        if (WARMED_UP.compareAndSet(false, true)) {
            Thread warmUp = new Thread(() -> new SSHClient(SharedConfig.CONFIG), "ignite-ssh-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
    }

    /**
     * One attempt; fails fast while the guest's SSH server is not up yet, and with a
     * {@link HostKeyMismatchException} when the server is not the one whose key is {@code hostKey}
     * (a {@code ssh-ed25519 AAAA…} line).
     */
    public static SshConnection open(String host, int port, KeyPair keyPair, String hostKey, Duration timeout)
            throws IOException {
        SSHClient client = new SSHClient(SharedConfig.CONFIG);
        PinnedHostKey pin = new PinnedHostKey(hostKey);
        client.addHostKeyVerifier(pin);
        client.setConnectTimeout((int) timeout.toMillis());
        client.setTimeout((int) timeout.toMillis());
        try {
            try {
                client.connect(host, port);
            } catch (TransportException e) {
                if (pin.presented != null && !pin.presented.equals(hostKey)) {
                    throw new HostKeyMismatchException(host, port, hostKey, pin.presented, e);
                }
                throw e;
            }
            client.authPublickey("root", client.loadKeys(keyPair));
            // Opening a channel waits this long for the guest's answer: a TCG guest busy with
            // several commands needs more than the attempt timeout that suits connecting.
            client.getConnection().setTimeoutMs((int) CHANNEL_OPEN_TIMEOUT.toMillis());
            return new SshConnection(client);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Like {@link #open}, but a server that does not answer yet (refused, reset) is tried again for up to
     * {@code patience}: a clone's SSH listener restarts with the clone's own host key just after the
     * restore. A host key mismatch is never retried.
     */
    public static SshConnection openPatiently(String host, int port, KeyPair keyPair, String hostKey, Duration timeout,
                                              Duration patience) throws IOException {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                return open(host, port, keyPair, hostKey, timeout);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            try {
                Thread.sleep(RETRY_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the SSH server at " + host + ":" + port, e);
            }
        }
    }

    /** Accepts one key only, and asks the server for that key's algorithm first. */
    private static final class PinnedHostKey implements HostKeyVerifier {
        private final String expected;
        private volatile String presented;

        PinnedHostKey(String expected) {
            this.expected = expected;
        }

        @Override
        public boolean verify(String hostname, int port, PublicKey key) {
            presented = HostKey.publicLine(key);
            return presented.equals(expected);
        }

        @Override
        public List<String> findExistingAlgorithms(String hostname, int port) {
            return List.of(expected.substring(0, expected.indexOf(' ')));
        }
    }

    /** Made on first use (the warm-up thread's, ideally), not when this class loads. */
    private static final class SharedConfig {
        /** One config for all connections: each new one builds algorithm lists and a SecureRandom. */
        static final Config CONFIG = jdkCryptoConfig();

        /**
         * Java 17's own providers do everything our connections need (curve25519, Ed25519, AES-CTR
         * and -GCM; chacha20-poly1305 is left out); registering BouncyCastle, sshj's default,
         * verifies its signed jar first: 0.8 s of every JVM's first VM here.
         */
        private static Config jdkCryptoConfig() {
            SecurityUtils.setRegisterBouncyCastle(false);
            return new QuietConfig();
        }
    }

    /** DefaultConfig logs while it is built, through whatever logger factory it sets first: ours. */
    private static final class QuietConfig extends DefaultConfig {
        @Override
        public void setLoggerFactory(LoggerFactory ignored) {
            super.setLoggerFactory(SshLogging.INSTANCE);
        }
    }

    public boolean isConnected() {
        return client.isConnected() && client.isAuthenticated();
    }

    public ExecResult exec(String command, Duration timeout) {
        return exec(ExecRequest.builder(command).setTimeout(timeout).build());
    }

    /** Runs the request's command; a non-zero exit code is returned, an expired timeout thrown. */
    public ExecResult exec(ExecRequest request) {
        Instant started = Instant.now();
        String command = request.command();
        try (Session session = startSession()) {
            Session.Command cmd = session.exec(request.shellLine());
            LineCollector stdout = LineCollector.start(cmd.getInputStream(), request.stdoutSink(), "ignite-ssh-stdout");
            LineCollector stderr = LineCollector.start(cmd.getErrorStream(), request.stderrSink(), "ignite-ssh-stderr");
            feedStdin(cmd.getOutputStream(), request.stdin().orElse(""));
            if (!awaitClose(cmd, request.timeout())) {
                abandon(cmd);
                throw new ExecTimeoutException(command, request.timeout());
            }
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new IgniteException("`" + command + "` ended without an exit status"
                        + (cmd.getExitSignal() != null ? " (killed by signal " + cmd.getExitSignal() + ")" : "")
                        + ": the guest's SSH server or the VM went away");
            }
            ExecResult result = new ExecResult(command, status, take(stdout, command), take(stderr, command),
                    Duration.between(started, Instant.now()));
            rethrowSinkFailure(stdout, command);
            rethrowSinkFailure(stderr, command);
            return result;
        } catch (IOException e) {
            throw new IgniteException("running `" + command + "` over SSH failed: " + e.getMessage(), e);
        }
    }

    /** A new SFTP session; the caller closes it. */
    public SFTPClient newSftpClient() {
        try {
            return client.newSFTPClient();
        } catch (IOException e) {
            // With the connection still up the guest refused or botched the sftp subsystem itself.
            throw isConnected() ? missingSftpServer(e) : new ConnectionLostException(e);
        } catch (IllegalStateException e) {
            throw new ConnectionLostException(e);
        }
    }

    /** A direct-tcpip forwarder from {@code serverSocket} to the guest's own 127.0.0.1:guestPort. */
    LocalPortForwarder forwarder(ServerSocket serverSocket, int guestPort) {
        Parameters parameters = new Parameters(serverSocket.getInetAddress().getHostAddress(),
                serverSocket.getLocalPort(), "127.0.0.1", guestPort);
        return client.newLocalPortForwarder(parameters, serverSocket);
    }

    private Session startSession() {
        try {
            return client.startSession();
        } catch (IOException | IllegalStateException e) {
            // sshj says "Not connected" with an IllegalStateException when the drop came first.
            throw new ConnectionLostException(e);
        }
    }

    /** Writes stdin off the caller's thread: a command that never reads it must not block the timeout. */
    private static void feedStdin(OutputStream in, String text) {
        Thread writer = new Thread(() -> {
            try (in) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // The command ended or closed its input first; what it did not read is not ours to keep.
            }
        }, "ignite-ssh-stdin");
        writer.setDaemon(true);
        writer.start();
    }

    private static boolean awaitClose(Session.Command cmd, Duration timeout) {
        try {
            cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ConnectionException e) {
            // sshj reports an expired wait as an exception; whether the channel is still open decides.
        }
        return !cmd.isOpen();
    }

    /** Asks the guest to kill the command (dropbear may ignore it), then closes the channel. */
    private static void abandon(Session.Command cmd) {
        try {
            cmd.signal(Signal.KILL);
        } catch (IOException ignored) {
            // Best effort: closing the channel below is what frees us.
        }
        try {
            cmd.close();
        } catch (IOException ignored) {
            // The connection may be gone already; the channel is then closed too.
        }
    }

    private static String take(LineCollector output, String command) {
        try {
            return output.text().get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while reading the output of `" + command + "`", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IgniteException("reading the output of `" + command + "` failed: " + e.getMessage(), e);
        }
    }

    private static void rethrowSinkFailure(LineCollector output, String command) {
        if (output.sinkFailure() != null) {
            throw new IgniteException("an output sink of `" + command + "` threw: " + output.sinkFailure(),
                    output.sinkFailure());
        }
    }

    private static IgniteException missingSftpServer(IOException e) {
        return new IgniteException("the guest has no SFTP server (" + e.getMessage() + "): dropbear runs"
                + " /usr/lib/sftp-server for file copies; add openssh-sftp-server to the image (the default"
                + " image has it since its recipe added it: remove an older ignite/tiny from the store to rebuild it)",
                e);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // The VM may already be gone; nothing is left to release.
        }
    }
}
