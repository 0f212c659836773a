package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.AgentConnection;
import dev.ignite.engine.access.ExecFailedException;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.access.GuestChannel;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.access.PortForward;
import dev.ignite.engine.access.SshAccess;
import dev.ignite.engine.access.SshConnection;
import dev.ignite.engine.host.Sleep;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.vmm.LaunchPlan.HostForward;
import dev.ignite.engine.vmm.MemoryFile;
import dev.ignite.engine.vmm.VmFolder;
import dev.ignite.engine.vmm.VmProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live VM handle: start it; run commands and copy files through its guest agent (SSH where a
 * kernel cannot carry the agent), forward ports over SSH; stop it. Closing a handle stops the VM
 * and removes it with everything it left on disk. Exec, copy and forward calls may come from
 * several threads at once: they share one agent channel and one SSH connection pool.
 */
public final class Vm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vm.class);
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final VmContext context;
    private final Image image;
    private final Kernel kernel;
    private VmRecord record;
    /** Volatile: console waits read it from other threads while {@link #start()} holds the lock. */
    private volatile VmProcess process;
    /** Set while running; read without the lock so that execs from many threads do not queue. */
    private volatile SshAccess access;
    /** The guest agent (exec, copy), set while running; null with a kernel that cannot carry it. */
    private volatile AgentConnection agent;
    /** Whether the last boot found no agent: exec and copy then go over SSH. */
    private volatile boolean agentUnavailable;
    private final CommandHistory history = new CommandHistory();
    private Duration lastBootTime;
    /** The spec's published ports as bound at the last start (host port 0 means a free port picked then). */
    private volatile List<HostForward> published = List.of();

    Vm(VmContext context, Image image, Kernel kernel, VmRecord record) {
        this.context = context;
        this.image = image;
        this.kernel = kernel;
        this.record = record;
        if (record.state() == VmState.RUNNING && record.process() != null) {
            // Started by an earlier handle or another process: control it through its PID and sockets.
            this.process = record.process().find().map(h -> context.vmm().attach(h, record.folder())).orElse(null);
        }
    }

    public String id() {
        return record.id();
    }

    public String name() {
        return record.name();
    }

    /** The guest's host name: the VM's name as a valid host name ({@code _} becomes {@code -}). */
    public String hostname() {
        return VmNames.hostname(name());
    }

    public VmSpec spec() {
        return record.spec();
    }

    public Image image() {
        return image;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The state, checked against the real process: a VMM killed from outside shows as failed. */
    public synchronized VmState state() {
        if (record.state() == VmState.RUNNING && (process == null || !process.isAlive())) {
            update(record.ended(VmState.FAILED, VmRecord.UNEXPECTED_EXIT
                    + (process != null && !process.diagnostics().isEmpty() ? " (" + process.diagnostics() + ")" : "")));
        }
        return record.state();
    }

    /** Why the VM is in its state when that was not asked for (failed, stopped by force), else null. */
    public synchronized String stateReason() {
        state();
        return record.stateReason();
    }

    public synchronized VmRecord record() {
        state();
        return record;
    }

    public SerialLog serialLog() {
        return new SerialLog(folder().serialLog(), this::processAlive);
    }

    /**
     * Passes every console line, from boot on, to {@code lines} on a daemon thread until the VM ends
     * (or the returned follower is closed), like Testcontainers' {@code followOutput}; e.g.
     * {@code vm.followOutput(new Slf4jLogConsumer(LOG, vm.name()))}.
     */
    public ConsoleFollower followOutput(Consumer<String> lines) {
        return ConsoleFollower.start(name(), serialLog(), lines);
    }

    /** The serial console (the guest's ttyS0), its cursor at the start of the log. */
    public Console console() {
        return new Console(name(), folder().consoleSocket(), folder().serialLog(), this::processAlive);
    }

    private VmFolder folder() {
        return new VmFolder(record.folder());
    }

    private boolean processAlive() {
        VmProcess p = process;
        return p != null && p.isAlive();
    }

    /**
     * The host port that a published guest port ({@code VmSpec} ports) is reachable on, as bound by
     * this handle's last start: the way to find a port the spec left to chance (host port 0).
     */
    public int publishedPort(int guestPort) {
        return published.stream().filter(f -> f.guestPort() == guestPort).mapToInt(HostForward::hostPort).findFirst()
                .orElseThrow(() -> new IgniteException("VM " + name() + " publishes no guest port " + guestPort
                        + (published.isEmpty() ? " (none started by this handle)" : ": it publishes "
                        + published.stream().map(f -> Integer.toString(f.guestPort())).toList())));
    }

    /** Wall time from starting the VM process to its agent's (else SSH's) first answer, for the last start. */
    public Duration bootTime() {
        return lastBootTime;
    }

    /** Starts the VM and returns once its guest agent answers (its SSH server, without an agent). */
    public synchronized Vm start() {
        if (state() == VmState.RUNNING) {
            throw new IgniteException("VM " + name() + " is already running");
        }
        // A clone restores from its snapshot once; after a stop it boots from its own disk.
        if (record.snapshotId() != null && record.state() == VmState.CREATED) {
            Snapshot snapshot = context.snapshots().get(record.snapshotId());
            return start(MemoryFile.forClone(snapshot.memoryFile(), snapshot.deviceState(), snapshot.templateVmId()));
        }
        return start(null);
    }

    /** Boots with guest RAM in {@code memoryFile}, shared, so that {@link #saveState} can make a snapshot of it. */
    synchronized Vm startTemplate(Path memoryFile) {
        return start(MemoryFile.forTemplate(memoryFile));
    }

    /** Pauses the VM and saves its device state (its RAM is in the template's memory file). */
    synchronized void saveState(Path deviceState, Path memoryFile) {
        closeAccess();
        process.saveState(deviceState, memoryFile);
    }

    /** Ends the VM process (paused after {@link #saveState}) without touching the record's files. */
    synchronized void endProcess() {
        process.terminate(Duration.ofSeconds(5));
        update(record.ended(VmState.STOPPED, "saved as a snapshot"));
    }

    /** Whether its last boot was answered by the guest agent (else exec and copies use SSH). */
    boolean answersThroughAgent() {
        return !agentUnavailable;
    }

    private Vm start(MemoryFile memory) {
        closeAccess(); // a connection left from a boot that crashed
        VmBoot.Booted booted = new VmBoot(this, context, kernel, record).run(memory);
        access = booted.access();
        agent = booted.agent();
        agentUnavailable = booted.agent() == null;
        published = booted.published();
        lastBootTime = booted.bootTime();
        context.networking().announce(this);
        return this;
    }

    synchronized void relabel(java.util.Map<String, String> labels) {
        update(record.withLabels(labels));
    }

    /** The boot started a VMM process: from now on state checks and console waits follow it. */
    void processStarted(VmProcess started, int sshPort) {
        process = started;
        update(record.running(started.identity(), sshPort));
    }

    /** The VM's own SSH host key, which every connection to it pins. */
    String ownHostKey() {
        return HostKey.publicLine(record.folder());
    }

    void bootFailed(String reason) {
        update(record.ended(VmState.FAILED, reason));
    }

    /** Runs a shell command as root with the default timeout; a non-zero exit code is returned, not thrown. */
    public ExecResult exec(String command) {
        return exec(ExecRequest.of(command));
    }

    /** Runs a shell command as root; a non-zero exit code is returned, not thrown. */
    public ExecResult exec(String command, Duration timeout) {
        return exec(ExecRequest.builder(command).setTimeout(timeout).build());
    }

    /**
     * Runs a command with environment (over the spec's), working directory, stdin, timeout and
     * output streaming; throws {@link dev.ignite.engine.access.ExecTimeoutException} when the timeout expires.
     */
    public ExecResult exec(ExecRequest request) {
        try {
            ExecResult result = run(request.withEnvDefaults(spec().env()));
            history.finished(result);
            return result;
        } catch (RuntimeException e) {
            history.failed(request.command(), e);
            throw e;
        }
    }

    private ExecResult run(ExecRequest request) {
        return channel().exec(request);
    }

    /** Like {@link #exec(String)}, but a non-zero exit throws {@link dev.ignite.engine.access.ExecFailedException}. */
    public ExecResult execOrFail(String command) {
        return execOrFail(ExecRequest.of(command));
    }

    public ExecResult execOrFail(String command, Duration timeout) {
        return execOrFail(ExecRequest.builder(command).setTimeout(timeout).build());
    }

    /**
     * Runs a command that must fail (NixOS' {@code machine.fail}): a non-zero exit is returned, exit
     * 0 throws naming the command and its output.
     */
    public ExecResult fail(String command) {
        ExecResult result = exec(command);
        if (result.succeeded()) {
            throw new IgniteException("VM " + name() + ": `" + command + "` was expected to fail but exited 0"
                    + (result.stdout().isBlank() ? "" : "; stdout: " + result.stdout().strip()));
        }
        return result;
    }

    public ExecResult execOrFail(ExecRequest request) {
        ExecResult result = exec(request);
        if (!result.succeeded()) {
            throw new ExecFailedException(result);
        }
        return result;
    }

    /** The last commands run through this handle and how they ended (for failure reports). */
    public CommandHistory history() {
        return history;
    }

    /**
     * Copies a host file or folder tree into the guest (through the agent, else SFTP), keeping modes
     * and symbolic links. {@code guestPath} names the copy itself; missing parents are made, files
     * replaced, folders merged.
     */
    public void copyTo(Path hostPath, String guestPath) {
        channel().copyTo(hostPath, guestPath);
    }

    /**
     * Copies a guest file or folder tree to the host; {@code hostPath} names the copy itself. No
     * link the guest made is followed on the host.
     */
    public void copyFrom(String guestPath, Path hostPath) {
        channel().copyFrom(guestPath, hostPath);
    }

    /**
     * Reaches {@code guestPort} (on the guest's loopback) from a fresh port on the host's
     * 127.0.0.1, through SSH: no need to publish it at start. Closed at the latest when the VM stops.
     */
    public PortForward forward(int guestPort) {
        return access().forward(guestPort);
    }

    /** The link of the VM's NIC on its shared network, to take it down and up again (fault injection). */
    public NetworkLink network() {
        return new NetworkLink(this);
    }

    synchronized void setLink(String netdev, boolean up) {
        if (state() != VmState.RUNNING) {
            throw new IgniteException("VM " + name() + " is not running (state " + state().display() + ")");
        }
        process.setLink(netdev, up);
    }

    /** Where exec and copies go: the guest agent, else SSH. */
    private GuestChannel channel() {
        AgentConnection agent = agent();
        return agent != null ? agent : access();
    }

    /**
     * The guest agent, or null when the VM has none (exec and copy then use SSH); a handle on a VM
     * another process started connects on first use.
     */
    private AgentConnection agent() {
        AgentConnection current = agent;
        if (current != null && current.isReady()) {
            return current;
        }
        synchronized (this) {
            if (agent != null && agent.isReady()) {
                return agent;
            }
            if (agent != null) {
                agent.close(); // the channel ended (the VM stopped, or its VMM dropped us)
                agent = null;
            }
            if (agentUnavailable) {
                return null;
            }
            if (state() != VmState.RUNNING) {
                throw new IgniteException("VM " + name() + " is not running (state " + state().display()
                        + "): start it first");
            }
            try {
                AgentConnection connected = AgentConnection.open(name(), context.vmm().agentAddress(folder().agentSocket()));
                if (connected.awaitReady(VmBoot.SSH_ATTEMPT_TIMEOUT)) {
                    agent = connected;
                    return connected;
                }
                connected.close();
                LOG.info("VM {}: its agent did not answer (another process holds it?); using SSH", name());
            } catch (IOException e) {
                LOG.info("VM {}: {}; using SSH", name(), e.getMessage());
            }
            agentUnavailable = true;
            return null;
        }
    }

    /** The VM's SSH connections; a handle on a VM another process started connects on first use. */
    private synchronized SshAccess access() {
        if (access == null) {
            if (state() != VmState.RUNNING) {
                throw new IgniteException("VM " + name() + " is not running (state " + state().display()
                        + "): start it first");
            }
            // The boot waited for the agent, not for the image's SSH server: it may still be starting.
            Instant deadline = Instant.now().plus(spec().bootTimeout());
            while (access == null) {
                try {
                    access = new SshAccess(name(), VmBoot.LOOPBACK, record.sshPort(), context.keys().keyPair(),
                            ownHostKey(), VmBoot.SSH_ATTEMPT_TIMEOUT, SshConnection.openPatiently(VmBoot.LOOPBACK,
                            record.sshPort(), context.keys().keyPair(), ownHostKey(), VmBoot.SSH_ATTEMPT_TIMEOUT,
                            SshConnection.LISTENER_RESTART));
                } catch (IOException e) {
                    if (Instant.now().isAfter(deadline) || !processAlive()) {
                        throw new IgniteException("cannot reach VM " + name() + " over SSH: " + e.getMessage()
                                + " (does its image run an SSH server? exec and copy need none)", e);
                    }
                    Sleep.sleep(Duration.ofMillis(50), "VM " + name() + "'s SSH server");
                }
            }
        }
        return access;
    }

    /**
     * Stops the VM gracefully, keeping its disk and logs: the guest is asked to power off (through its agent and
     * by the ACPI power button) and given {@code timeout}; then it is ended by force. A later
     * {@link #start()} boots it again.
     */
    public synchronized void stop(Duration timeout) {
        if (state() != VmState.RUNNING) {
            return;
        }
        requestGuestPowerOff();
        process.requestPowerOff();
        String reason = null;
        if (!process.awaitExit(timeout)) {
            process.terminate(Duration.ofSeconds(5));
            reason = "did not power off within " + timeout.toSeconds() + " s: stopped by force";
            LOG.warn("VM {} {}", name(), reason);
        }
        update(record.ended(VmState.STOPPED, reason));
    }

    public void stop() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /** Kills the VM's process at once, like pulling the plug; its disk and logs stay. */
    public synchronized void kill() {
        closeAccess();
        if (process != null && process.isAlive()) {
            process.kill();
            update(record.ended(VmState.STOPPED, "killed"));
        }
    }

    /** Stops the VM gracefully and boots it again, with the same disk. */
    public synchronized Vm restart() {
        stop();
        return start();
    }

    /**
     * Reboots the guest: its init runs its reboot path (services stop, disks sync, the kernel
     * restarts), then the VM boots again on the same disk and config and answers SSH. QEMU ends on
     * a guest reset (so that a kernel panic ends the VM rather than looping), so the boot after it
     * is a new VM process; the guest sees an ordinary reboot.
     */
    public synchronized Vm reboot(Duration timeout) {
        requireRunning("reboot");
        guestCommand("reboot");
        if (!process.awaitExit(timeout)) {
            throw new IgniteException("VM " + name() + " did not reboot within " + timeout.toSeconds()
                    + " s: its console says why (`ignite logs " + name() + "`)");
        }
        update(record.ended(VmState.STOPPED, null));
        return start();
    }

    /**
     * Waits until the guest has shut itself down (e.g. a test ran {@code poweroff}) and the VM has
     * stopped, keeping its disk; throws when it still runs after {@code timeout}.
     */
    public void waitForShutdown(Duration timeout) {
        VmProcess p = process;
        if (p != null && !p.awaitExit(timeout)) {
            throw new IgniteException("VM " + name() + " is still running after " + timeout.toSeconds()
                    + " s: the guest did not shut down");
        }
        synchronized (this) {
            closeAccess();
            if (record.state() == VmState.RUNNING) {
                update(record.ended(VmState.STOPPED, null));
            }
        }
    }

    private void requireRunning(String action) {
        if (state() != VmState.RUNNING) {
            throw new IgniteException("cannot " + action + " VM " + name() + ": it is " + record.state().display());
        }
    }

    /** Runs {@code command} (reboot) in the background, so the call returns before the channel goes away. */
    private void guestCommand(String command) {
        try {
            run(ExecRequest.builder("(sleep 0.1; " + command + ") >/dev/null 2>&1 </dev/null &")
                    .setTimeout(VmBoot.SSH_ATTEMPT_TIMEOUT).build());
        } finally {
            closeAccess();
        }
    }

    /** Asks the guest's init to power off (through the agent, else SSH); ACPI asks as well. */
    private void requestGuestPowerOff() {
        try {
            // A frozen VMM takes the request and never answers: wait no longer than one attempt;
            // closing the channels below ends the call. In the background, so the command returns
            // before the channel goes away.
            CompletableFuture.runAsync(() -> run(ExecRequest.builder("(sleep 0.1; poweroff) >/dev/null 2>&1 </dev/null &")
                            .setTimeout(VmBoot.SSH_ATTEMPT_TIMEOUT).build()))
                    .get(VmBoot.SSH_ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            LOG.debug("VM {}: poweroff through the guest failed ({}); relying on ACPI", name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeAccess();
        }
    }

    private void closeAccess() {
        if (access != null) {
            access.close();
            access = null;
        }
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    /** Ends the VM at once without a graceful shutdown: its state is about to be thrown away. */
    private void discard() {
        closeAccess();
        if (process != null) {
            process.terminate(Duration.ofSeconds(10));
        }
    }

    /** Ends the VM and deletes it: disk, config drive, logs, sockets, metadata. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        try {
            discard();
        } catch (RuntimeException e) {
            failure = e;
        }
        context.delete(record, failure);
        if (failure != null) {
            throw failure;
        }
    }

    private void update(VmRecord next) {
        record = next;
        context.save(next);
    }

    @Override
    public String toString() {
        return "VM " + name() + " (" + id() + ", " + record.state().display() + ")";
    }
}
