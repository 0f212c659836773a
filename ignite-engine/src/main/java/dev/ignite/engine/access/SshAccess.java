package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import net.schmizz.sshj.sftp.SFTPClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * All SSH access to one VM through a small pool of connections. Sequential calls reuse one
 * connection; a call made while others run gets a connection of its own (opened on demand, kept
 * for reuse) rather than a second channel on a busy one: dropbear 2022.83 mixes up channels opened
 * while others close on the same connection (a new channel receives an old command's exit and is
 * closed at once, then dropbear drops the whole connection), while sshj itself multiplexes fine.
 * When a channel cannot be opened because its connection dropped, a fresh connection is opened
 * and the call tried once more (nothing had run in the guest yet). Closing this closes the port
 * forwards and every connection.
 */
public final class SshAccess implements GuestChannel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshAccess.class);
    /** Idle connections kept beyond this are closed: each holds a dropbear process in the guest. */
    private static final int MAX_IDLE = 4;

    private final String vmName;
    private final String host;
    private final int port;
    private final KeyPair keyPair;
    /** The host key new connections must present; a clone's changes when it takes its own identity. */
    private volatile String hostKey;
    private final Duration connectTimeout;
    private final Set<PortForward> forwards = ConcurrentHashMap.newKeySet();
    private final Deque<SshConnection> idle = new ArrayDeque<>();
    private final Set<SshConnection> open = new HashSet<>();
    private boolean closed;

    public SshAccess(String vmName, String host, int port, KeyPair keyPair, String hostKey, Duration connectTimeout,
                     SshConnection established) {
        this.vmName = vmName;
        this.host = host;
        this.port = port;
        this.keyPair = keyPair;
        this.hostKey = hostKey;
        this.connectTimeout = connectTimeout;
        this.idle.push(established);
        this.open.add(established);
    }

    @Override
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
    @Override
    public void copyTo(Path hostPath, String guestPath) {
        withSftp(sftp -> {
            SftpCopy.upload(sftp, hostPath, guestPath);
            return null;
        }, hostPath + " to " + vmName + ":" + guestPath);
    }

    /** Copies a guest file or folder tree to {@code hostPath}, which names the copy itself. */
    @Override
    public void copyFrom(String guestPath, Path hostPath) {
        withSftp(sftp -> {
            SftpCopy.download(sftp, guestPath, hostPath);
            return null;
        }, vmName + ":" + guestPath + " to " + hostPath);
    }

    /** Forwards a new port on 127.0.0.1 to {@code guestPort} on the guest's loopback. */
    public PortForward forward(int guestPort) {
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

    /**
     * Pins another host key for the connections opened from now on: a clone restored from a snapshot
     * answers with its template's key until it has installed its own.
     */
    public void pinHostKey(String newHostKey) {
        hostKey = newHostKey;
    }

    /** How many connections are open now, idle or in use. */
    public synchronized int openConnections() {
        return open.size();
    }

    /** A connection for one caller alone: an idle one that still works, or a new one. */
    SshConnection lease() {
        synchronized (this) {
            requireOpen();
            while (!idle.isEmpty()) {
                SshConnection candidate = idle.pop();
                if (candidate.isConnected()) {
                    return candidate;
                }
                LOG.debug("VM {}: an idle SSH connection dropped; closing it", vmName);
                discard(candidate);
            }
        }
        return connect();
    }

    /** Hands a leased connection back for reuse, or closes it once broken or surplus. */
    synchronized void release(SshConnection connection) {
        if (!closed && connection.isConnected() && idle.size() < MAX_IDLE) {
            idle.push(connection);
        } else {
            discard(connection);
        }
    }

    /** A new connection, not shared with any other caller. */
    SshConnection connect() {
        SshConnection connection;
        try {
            connection = SshConnection.openPatiently(host, port, keyPair, hostKey, connectTimeout,
                    SshConnection.LISTENER_RESTART);
        } catch (IOException e) {
            throw new IgniteException("cannot reach VM " + vmName + " over SSH at " + host + ":" + port + ": "
                    + e.getMessage() + " (is it still running? its serial log tells)", e);
        }
        synchronized (this) {
            if (closed) {
                connection.close();
                throw closedError();
            }
            open.add(connection);
        }
        return connection;
    }

    synchronized void discard(SshConnection connection) {
        open.remove(connection);
        connection.close();
    }

    void forget(PortForward forward) {
        forwards.remove(forward);
    }

    private <T> T withConnection(Function<SshConnection, T> call) {
        SshConnection connection = lease();
        try {
            try {
                return call.apply(connection);
            } catch (ConnectionLostException lost) {
                LOG.debug("VM {}: SSH connection dropped ({}); reconnecting once", vmName, lost.getMessage());
                discard(connection);
                connection = connect();
                try {
                    return call.apply(connection);
                } catch (ConnectionLostException again) {
                    throw new IgniteException("VM " + vmName + " keeps dropping its SSH connection: "
                            + again.getMessage() + " (is it still running? its serial log tells)", again.getCause());
                }
            }
        } finally {
            release(connection);
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

    private void requireOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private IgniteException closedError() {
        return new IgniteException("SSH access to VM " + vmName + " is closed: the VM was stopped; start it again");
    }

    @Override
    public void close() {
        List<PortForward> openForwards;
        List<SshConnection> connections;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            openForwards = List.copyOf(forwards);
            connections = List.copyOf(open);
            open.clear();
            idle.clear();
        }
        openForwards.forEach(PortForward::close);
        connections.forEach(SshConnection::close);
    }
}
