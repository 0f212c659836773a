package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import net.schmizz.sshj.sftp.SFTPClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * All SSH access to one VM through one shared connection: sequential calls reuse it and
 * concurrent ones get channels of their own on it. When a channel cannot be opened because the
 * connection dropped, it is reopened and the call tried once more (nothing had run in the guest
 * yet). Closing this closes the port forwards and the connection.
 */
public final class SshAccess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshAccess.class);

    private final String vmName;
    private final String host;
    private final int port;
    private final KeyPair keyPair;
    private final Duration connectTimeout;
    private final Set<PortForward> forwards = ConcurrentHashMap.newKeySet();
    private SshConnection connection;
    private boolean closed;

    public SshAccess(String vmName, String host, int port, KeyPair keyPair, Duration connectTimeout,
                     SshConnection established) {
        this.vmName = vmName;
        this.host = host;
        this.port = port;
        this.keyPair = keyPair;
        this.connectTimeout = connectTimeout;
        this.connection = established;
    }

    public ExecResult exec(ExecRequest request) {
        return withConnection(c -> c.exec(request));
    }

    /** Runs the command and returns its result only if it exited 0. */
    public ExecResult execOrFail(ExecRequest request) {
        ExecResult result = exec(request);
        if (!result.succeeded()) {
            throw new ExecFailedException(result);
        }
        return result;
    }

    /** Copies a host file or folder tree to {@code guestPath}, which names the copy itself. */
    public void copyTo(Path hostPath, String guestPath) {
        withSftp(sftp -> {
            SftpCopy.upload(sftp, hostPath, guestPath);
            return null;
        }, hostPath + " to " + vmName + ":" + guestPath);
    }

    /** Copies a guest file or folder tree to {@code hostPath}, which names the copy itself. */
    public void copyFrom(String guestPath, Path hostPath) {
        withSftp(sftp -> {
            SftpCopy.download(sftp, guestPath, hostPath);
            return null;
        }, vmName + ":" + guestPath + " to " + hostPath);
    }

    /** Forwards a new port on 127.0.0.1 to {@code guestPort} on the guest's loopback. */
    public PortForward forward(int guestPort) {
        connection();
        PortForward forward = PortForward.open(this, guestPort);
        forwards.add(forward);
        synchronized (this) {
            if (closed) {
                forward.close();
                throw closedError();
            }
        }
        return forward;
    }

    /** The live connection, reopened if it dropped. */
    synchronized SshConnection connection() {
        if (closed) {
            throw closedError();
        }
        if (!connection.isConnected()) {
            LOG.debug("VM {}: SSH connection dropped; reconnecting", vmName);
            replace();
        }
        return connection;
    }

    /** Replaces {@code broken} unless another caller already did. */
    synchronized SshConnection replaceBroken(SshConnection broken) {
        if (closed) {
            throw closedError();
        }
        if (connection == broken) {
            LOG.debug("VM {}: SSH channel could not be opened; reconnecting", vmName);
            replace();
        }
        return connection;
    }

    private void replace() {
        connection.close();
        try {
            connection = SshConnection.open(host, port, keyPair, connectTimeout);
        } catch (IOException e) {
            throw new IgniteException("cannot reach VM " + vmName + " over SSH at " + host + ":" + port + ": "
                    + e.getMessage() + " (is it still running? its serial log tells)", e);
        }
    }

    void forget(PortForward forward) {
        forwards.remove(forward);
    }

    private <T> T withConnection(Function<SshConnection, T> call) {
        SshConnection first = connection();
        try {
            return call.apply(first);
        } catch (ConnectionLostException lost) {
            SshConnection second = replaceBroken(first);
            try {
                return call.apply(second);
            } catch (ConnectionLostException again) {
                throw new IgniteException("VM " + vmName + " keeps dropping its SSH connection: "
                        + again.getMessage() + " (is it still running? its serial log tells)", again.getCause());
            }
        }
    }

    private interface SftpCall<T> {
        T apply(SFTPClient sftp) throws IOException;
    }

    private <T> T withSftp(SftpCall<T> call, String what) {
        return withConnection(c -> {
            try (SFTPClient sftp = c.newSftpClient()) {
                return call.apply(sftp);
            } catch (IOException e) {
                throw new IgniteException("copying " + what + " failed: " + e.getMessage(), e);
            }
        });
    }

    private IgniteException closedError() {
        return new IgniteException("SSH access to VM " + vmName + " is closed: the VM was stopped; start it again");
    }

    @Override
    public void close() {
        List<PortForward> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = List.copyOf(forwards);
        }
        open.forEach(PortForward::close);
        synchronized (this) {
            connection.close();
        }
    }
}
