package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;

import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's end of a VM's guest agent (docs/agent.md): one unix socket (QEMU joins it to the
 * guest's virtio-serial port; Firecracker to a vsock port, asked for first), any number of commands
 * at once, each on its own stream with stdout and stderr apart. No handshake with the agent: the
 * first command costs one round trip. Thread-safe.
 */
public final class AgentConnection implements GuestChannel, AutoCloseable {
    /** What a command starts with; a request's environment is added to it. */
    static final Map<String, String> BASE_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME", "/root", "USER", "root", "LOGNAME", "root");
    private static final int SIGKILL = 9;
    /** How long the VMM may take to answer a hybrid vsock {@code CONNECT}. */
    private static final Duration VSOCK_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final String vmName;
    private final SocketChannel channel;
    private final Object writeLock = new Object();
    private final Map<Integer, AgentExec> execs = new ConcurrentHashMap<>();
    private final AtomicInteger nextStream = new AtomicInteger(1);
    private final CompletableFuture<String> pong = new CompletableFuture<>();
    private volatile IOException lost;

    private AgentConnection(String vmName, SocketChannel channel) {
        this.vmName = vmName;
        this.channel = channel;
    }

    /**
     * Connects to the agent's socket and pings it; {@link #awaitReady} waits for the answer (the
     * VMM holds the ping until the guest's agent opens its port). The VMM serves one client at a
     * time: while another process holds the port, this one waits in the socket's backlog (no
     * answer, so {@code awaitReady} says false) or, the backlog full, fails at once instead of
     * blocking for as long as the other client stays.
     */
    public static AgentConnection open(String vmName, AgentAddress address) throws IOException {
        Path socket = address.socket();
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.configureBlocking(false);
            if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                throw new IOException("the agent socket " + socket + " did not accept at once");
            }
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to the agent socket " + socket + " (" + e.getMessage()
                    + "; another process may hold the agent)", e);
        }
        try {
            if (address.vsockPort().isPresent()) {
                HybridVsock.connect(channel, address.vsockPort().getAsInt(), VSOCK_CONNECT_TIMEOUT);
            }
            channel.configureBlocking(true);
        } catch (IOException e) {
            channel.close();
            throw new IOException("the agent socket " + socket + ": " + e.getMessage(), e);
        }
        AgentConnection connection = new AgentConnection(vmName, channel);
        Thread reader = new Thread(connection::readFrames, "ignite-agent-" + vmName);
        reader.setDaemon(true);
        reader.start();
        connection.send(new AgentFrame(0, AgentFrame.PING, new byte[0]));
        return connection;
    }

    /** Whether the agent answered within {@code timeout}; false also when the channel ended. */
    public boolean awaitReady(Duration timeout) {
        try {
            pong.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The agent answered and the channel is still up. */
    public boolean isReady() {
        return pong.isDone() && !pong.isCompletedExceptionally() && lost == null;
    }

    /** Runs a shell line as root, like {@link SshConnection#exec}; a non-zero exit is a result. */
    @Override
    public ExecResult exec(ExecRequest request) {
        Instant started = Instant.now();
        LineSink out = new LineSink(LineCollector.feeding(request.stdoutSink()));
        LineSink err = new LineSink(LineCollector.feeding(request.stderrSink()));
        byte[] input = request.stdin().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        int code = run(AgentFrame.FLAG_SHELL, List.of(request.command()), request.env(),
                request.workingDirectory().orElse(null), new ByteArrayInputStream(input), out, err,
                request.timeout(), request.command());
        RuntimeException sinkFailure = out.collector.sinkFailure() != null ? out.collector.sinkFailure()
                : err.collector.sinkFailure();
        if (sinkFailure != null) {
            throw sinkFailure;
        }
        return new ExecResult(request.command(), code, out.collector.text().join(), err.collector.text().join(),
                Duration.between(started, Instant.now()));
    }

    /**
     * Runs argv (or a shell line, or our busybox: {@link AgentFrame} flags) with {@code stdin} as
     * input and its output written to the given streams; returns the exit code. On timeout the
     * command's process group is killed and {@link ExecTimeoutException} thrown.
     */
    int run(int flags, List<String> argv, Map<String, String> env, String workingDirectory, InputStream stdin,
            OutputStream stdout, OutputStream stderr, Duration timeout, String what) {
        Map<String, String> fullEnv = new LinkedHashMap<>(BASE_ENV);
        fullEnv.putAll(env);
        int stream = nextStream.getAndIncrement();
        AgentExec exec = new AgentExec(this, stream, stdout, stderr);
        execs.put(stream, exec);
        try {
            requireOpen();
            send(AgentFrame.exec(stream, flags, argv, fullEnv, workingDirectory));
            exec.sendStdin(stdin);
            Integer code = exec.awaitExit(timeout);
            if (code == null) {
                exec.signal(SIGKILL);
                throw new ExecTimeoutException(what, timeout);
            }
            return code;
        } catch (IOException e) {
            throw new IgniteException("running `" + what + "` in VM " + vmName + " through its agent failed: "
                    + e.getMessage() + " (is it still running? its serial log tells)", e);
        } finally {
            execs.remove(stream);
        }
    }

    /**
     * Waits until the image's init has reached its target: systemd says so ({@code is-system-running
     * --wait}); with another init (busybox, sysvinit, OpenRC) its boot scripts have ended; with ours
     * (PID 1 is the agent) at once. Run by the agent's busybox, so any image can answer; at most
     * {@code timeout}, then the boot goes on (a boot script that never ends is the image's affair).
     * The script must not hold the words it looks for, or it would find itself.
     */
    public boolean awaitInitTarget(Duration timeout) {
        long polls = Math.max(1, timeout.toMillis() / 20);
        // systemctl reaches systemd through /run/systemd/private, which systemd makes a moment after it
        // starts: asked before, it fails at once and the boot would look done while systemd initializes.
        String script = "until [ -r /proc/1/comm ]; do usleep 10000; done; read -r comm </proc/1/comm;"
                + " if [ \"$comm\" = systemd ]; then n=0; until [ -S /run/systemd/private ]; do n=$((n + 1));"
                + " [ $n -lt " + polls + " ] || exit 1; usleep 20000; done; timeout " + Math.max(1, timeout.toSeconds())
                + " systemctl is-system-running --wait >/dev/null; exit 0; fi;"
                + " n=0; while grep -qsE 'rc[S]|open[r]c|/etc/rc[.0-9]+d?/|/etc/rc[.]local' /proc/[0-9]*/cmdline;"
                + " do n=$((n + 1)); [ $n -lt " + polls + " ] || exit 1; usleep 20000; done";
        return run(AgentFrame.FLAG_BUSYBOX, List.of("sh", "-c", script), Map.of(), null, InputStream.nullInputStream(),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), timeout.plusSeconds(5),
                "waiting for the image's init") == 0;
    }

    /** Copies a host file or folder tree into the guest; {@code guestPath} names the copy. */
    @Override
    public void copyTo(Path hostPath, String guestPath) {
        AgentCopy.upload(this, hostPath, guestPath);
    }

    /** Copies a guest file or folder tree to the host; {@code hostPath} names the copy. */
    @Override
    public void copyFrom(String guestPath, Path hostPath) {
        AgentCopy.download(this, guestPath, hostPath);
    }

    /** Powers the guest off at once (after a sync): for a VM about to be thrown away or stopped by force. */
    public void powerOff() throws IOException {
        send(new AgentFrame(0, AgentFrame.POWEROFF, new byte[0]));
    }

    void send(AgentFrame frame) throws IOException {
        ByteBuffer bytes = frame.encode();
        synchronized (writeLock) {
            requireOpen();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    void forget(int stream) {
        execs.remove(stream);
    }

    private void requireOpen() throws IOException {
        if (lost != null) {
            throw new IOException("the agent channel is closed (" + lost.getMessage() + ")", lost);
        }
    }

    private void readFrames() {
        try {
            while (true) {
                AgentFrame frame = AgentFrame.read(channel);
                if (frame.type() == AgentFrame.PONG) {
                    pong.complete(frame.text());
                    continue;
                }
                if (frame.type() == AgentFrame.RESET) {
                    IOException restarted = new IOException("the guest agent restarted (a command killed it?);"
                            + " the commands it ran were ended");
                    List.copyOf(execs.values()).forEach(exec -> exec.lost(restarted));
                    continue;
                }
                AgentExec exec = execs.get(frame.stream());
                if (exec != null) {
                    exec.received(frame);
                }
            }
        } catch (IOException e) {
            lost = e;
            pong.completeExceptionally(e);
            List.copyOf(execs.values()).forEach(exec -> exec.lost(e));
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a unix socket only fails when it is already gone
        }
    }

    @Override
    public String toString() {
        return "agent of VM " + vmName;
    }

    /** Bytes of one output stream, decoded as UTF-8 across frame boundaries, into a line collector. */
    private static final class LineSink extends OutputStream {
        private final LineCollector collector;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        private boolean closed;

        LineSink(LineCollector collector) {
            this.collector = collector;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            partial.write(bytes, offset, length);
            decode(false);
        }

        private void decode(boolean end) {
            ByteBuffer in = ByteBuffer.wrap(partial.toByteArray());
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, out, end);
            if (end) {
                decoder.flush(out);
            }
            out.flip();
            collector.accept(out.array(), out.limit());
            partial.reset();
            partial.write(in.array(), in.position(), in.remaining());
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                decode(true);
                collector.finish();
            }
        }
    }
}
