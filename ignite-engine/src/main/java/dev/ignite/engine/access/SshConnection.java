package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.StreamText;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One SSH connection to a VM's root account, reused for every command. Host keys are not checked:
 * the connection never leaves 127.0.0.1 and each VM is a throwaway made from a known image.
 */
public final class SshConnection implements AutoCloseable {
    private final SSHClient client;

    private SshConnection(SSHClient client) {
        this.client = client;
    }

    /** One attempt; fails fast while the guest's SSH server is not up yet. */
    public static SshConnection open(String host, int port, KeyPair keyPair, Duration timeout) throws IOException {
        SSHClient client = new SSHClient();
        client.addHostKeyVerifier(new PromiscuousVerifier());
        client.setConnectTimeout((int) timeout.toMillis());
        client.setTimeout((int) timeout.toMillis());
        try {
            client.connect(host, port);
            client.authPublickey("root", client.loadKeys(keyPair));
            return new SshConnection(client);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public boolean isConnected() {
        return client.isConnected() && client.isAuthenticated();
    }

    public ExecResult exec(String command, Duration timeout) {
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            CompletableFuture<String> stdout = StreamText.readAsync(cmd.getInputStream(), "ignite-ssh-reader");
            CompletableFuture<String> stderr = StreamText.readAsync(cmd.getErrorStream(), "ignite-ssh-reader");
            cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Integer status = cmd.getExitStatus();
            if (status == null) {
                cmd.close();
                throw new IgniteException("`" + command + "` did not finish within " + timeout
                        + (cmd.getExitSignal() != null ? " (killed by signal " + cmd.getExitSignal() + ")" : ""));
            }
            return new ExecResult(command, status, stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                    stderr.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException e) {
            throw new IgniteException("running `" + command + "` over SSH failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while running `" + command + "`", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IgniteException("reading the output of `" + command + "` failed: " + e.getMessage(), e);
        }
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
