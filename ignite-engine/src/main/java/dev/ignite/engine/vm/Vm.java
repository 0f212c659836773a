package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.ExecFailedException;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.access.PortForward;
import dev.ignite.engine.access.SshAccess;
import dev.ignite.engine.access.SshConnection;
import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.net.FreePorts;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.LaunchPlan.HostForward;
import dev.ignite.engine.vmm.MemoryFile;
import dev.ignite.engine.vmm.ProcessLauncher.Lifetime;
import dev.ignite.engine.vmm.VmProcess;
import dev.ignite.engine.vmm.Vmm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A live VM handle: start it; run commands, copy files and forward ports over SSH; stop it.
 * Closing a handle stops the VM and removes it with everything it left on disk. Exec, copy and
 * forward calls may come from several threads at once: they share one SSH connection.
 */
public final class Vm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vm.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration SSH_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** A restored guest answers within a few hundred ms, and polling then costs no boot work. */
    private static final Duration RESTORE_POLL_INTERVAL = Duration.ofMillis(5);
    /**
     * Under TCG on a loaded host the Debian kernel sometimes hangs in early timer calibration (guest
     * clock stuck at 0, no HPET/PM timer on microvm). A console silent this long is such a hang.
     */
    private static final Duration CONSOLE_STALL = Duration.ofSeconds(20);
    private static final int BOOT_ATTEMPTS = 3;
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);
    /** What our initramfs prints just before {@code switch_root}. */
    private static final String HANDOVER = "ignite-init: switch_root to";

    private final Vms vms;
    private final Vmm vmm;
    private final SshKeys keys;
    private final Image image;
    private final Kernel kernel;
    private VmRecord record;
    /** Volatile: console waits read it from other threads while {@link #start()} holds the lock. */
    private volatile VmProcess process;
    /** Set while running; read without the lock so that execs from many threads do not queue. */
    private volatile SshAccess access;
    private final CommandHistory history = new CommandHistory();
    private Duration lastBootTime;
    /** The spec's published ports as bound at the last start (host port 0 means a free port picked then). */
    private volatile List<HostForward> published = List.of();

    Vm(Vms vms, Vmm vmm, SshKeys keys, Image image, Kernel kernel, VmRecord record) {
        this.vms = vms;
        this.vmm = vmm;
        this.keys = keys;
        this.image = image;
        this.kernel = kernel;
        this.record = record;
        if (record.state() == VmState.RUNNING && record.process() != null) {
            // Started by an earlier handle or another process: control it through its PID and sockets.
            this.process = record.process().find().map(h -> vmm.attach(h, record.folder())).orElse(null);
        }
    }

    public String id() {
        return record.id();
    }

    public String name() {
        return record.name();
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
            update(record.ended(VmState.FAILED, Vms.UNEXPECTED_EXIT
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

    /** The host port on 127.0.0.1 that reaches the guest's SSH server. */
    public int sshPort() {
        return record.sshPort();
    }

    public SerialLog serialLog() {
        return new SerialLog(record.folder().resolve(LaunchPlan.SERIAL_LOG), this::processAlive);
    }

    /** The serial console (the guest's ttyS0), its cursor at the start of the log. */
    public Console console() {
        return new Console(name(), record.folder().resolve(LaunchPlan.CONSOLE_SOCKET),
                record.folder().resolve(LaunchPlan.SERIAL_LOG), this::processAlive);
    }

    private boolean processAlive() {
        VmProcess p = process;
        return p != null && p.isAlive();
    }

    /** The guest-side steps of the last cold boot, from the serial log. */
    public BootTimeline bootTimeline() {
        return BootTimeline.parse(serialLog().text());
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

    /** Wall time from starting the VM process to the first SSH session, for the last start. */
    public Duration bootTime() {
        return lastBootTime;
    }

    /** Starts the VM and returns once its SSH server accepts the engine's key. */
    public synchronized Vm start() {
        if (state() == VmState.RUNNING) {
            throw new IgniteException("VM " + name() + " is already running");
        }
        // A clone restores from its snapshot once; after a stop it boots from its own disk.
        if (record.snapshotId() != null && record.state() == VmState.CREATED) {
            Snapshot snapshot = vms.snapshots().get(record.snapshotId());
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

    private Vm start(MemoryFile memory) {
        boolean restoring = memory != null && memory.restores();
        List<HostForward> forwards = new ArrayList<>();
        int sshPort = FreePorts.pick(LOOPBACK);
        forwards.add(new HostForward(LOOPBACK, sshPort, 22));
        for (PortMapping port : spec().ports()) {
            int hostPort = port.hostPort() == 0 ? FreePorts.pick(port.hostAddress()) : port.hostPort();
            if (port.hostPort() != 0 && port.protocol().equals("tcp")) {
                FreePorts.requireFree(port.hostAddress(), hostPort);
            }
            forwards.add(new HostForward(port.hostAddress(), hostPort, port.guestPort(), port.protocol()));
        }
        published = List.copyOf(forwards.subList(1, forwards.size()));
        LaunchPlan plan = LaunchPlan.builder(id(), record.folder())
                .setKernel(kernel.kernelImage(), vms.initramfs(kernel), kernelCommandLine())
                .setDisks(Vms.rootDisk(record.folder()), record.folder().resolve(Vms.CONFIG_DRIVE_FILE),
                        Vms.extraDisks(spec()))
                .setMachine(spec().cpus(), spec().memoryMib())
                .setForwards(forwards)
                .setLifetime(record.detached() ? Lifetime.DETACHED : Lifetime.OWNED_BY_JVM)
                .setSharedNics(vms.networking().prepareStart(record))
                .setMemoryFile(memory)
                .build();
        SshConnection.warmUpInBackground();
        Instant started = Instant.now();
        for (int attempt = 1; access == null; attempt++) {
            process = vmm.start(plan);
            update(record.running(process.identity(), sshPort));
            try {
                access = new SshAccess(name(), LOOPBACK, sshPort, keys.keyPair(), SSH_ATTEMPT_TIMEOUT,
                        awaitSsh(Instant.now(), restoring));
            } catch (ConsoleStalled stalled) {
                process.terminate(Duration.ofSeconds(5));
                if (attempt == BOOT_ATTEMPTS) {
                    update(record.ended(VmState.FAILED, "boot hung " + BOOT_ATTEMPTS + " times"));
                    throw new VmBootException("VM " + name() + " hung early in boot " + BOOT_ATTEMPTS
                            + " times (console silent for " + CONSOLE_STALL.toSeconds() + " s)", serialLog().tail(30));
                }
                LOG.warn("VM {}: console silent for {} s, boot hung; retrying ({}/{})", name(),
                        CONSOLE_STALL.toSeconds(), attempt + 1, BOOT_ATTEMPTS);
            } catch (RuntimeException e) {
                process.terminate(Duration.ofSeconds(5));
                update(record.ended(VmState.FAILED, "boot failed: " + e.getMessage()));
                throw e;
            }
        }
        if (restoring) {
            takeOwnIdentity();
        }
        lastBootTime = Duration.between(started, Instant.now());
        LOG.debug("VM {} answered SSH {} ms after start", name(), lastBootTime.toMillis());
        vms.networking().announce(this);
        return this;
    }

    /**
     * What the engine needs stays: {@code console=ttyS0} (serial log, attach, boot-stall detection),
     * {@code panic=-1} (a guest panic ends QEMU at once instead of hanging until the boot timeout) and
     * {@code ignite.init} (our initramfs hands over to the image's init). The spec's kernel arguments
     * replace the rest ({@code quiet}), as Ignite's {@code --kernel-args} replaces its command line.
     */
    private String kernelCommandLine() {
        List<String> args = new ArrayList<>(List.of("console=ttyS0", "panic=-1", "ignite.init=/sbin/init"));
        args.addAll(spec().kernelArgs().isEmpty() ? List.of("quiet") : spec().kernelArgs());
        return String.join(" ", args);
    }

    private SshConnection awaitSsh(Instant started, boolean restored) {
        Instant deadline = started.plus(spec().bootTimeout());
        SerialLog serial = serialLog();
        IOException last = null;
        long consoleSize = -1;
        Instant consoleChanged = started;
        while (Instant.now().isBefore(deadline)) {
            long size = serial.size();
            if (size != consoleSize) {
                consoleSize = size;
                consoleChanged = Instant.now();
            } else if (!restored && Duration.between(consoleChanged, Instant.now()).compareTo(CONSOLE_STALL) > 0
                    && !serial.text().contains(HANDOVER)) {
                throw new ConsoleStalled();
            }
            if (!process.isAlive()) {
                throw new VmBootException("VM " + name() + " stopped while booting (" + process.diagnostics() + ")",
                        serial.tail(30));
            }
            var fatal = serial.fatalLine();
            if (fatal.isPresent()) {
                throw new VmBootException("VM " + name() + " failed to boot: " + fatal.get(), serial.tail(30));
            }
            // SSH attempts cost CPU that a TCG guest needs to boot on a small host, so they start
            // only once our init has handed over to the image's init.
            if (restored || serial.text().contains(HANDOVER)) {
                try {
                    return SshConnection.open(LOOPBACK, sshPort(), keys.keyPair(), SSH_ATTEMPT_TIMEOUT);
                } catch (IOException e) {
                    last = e;
                }
            }
            sleep(restored ? RESTORE_POLL_INTERVAL : POLL_INTERVAL);
        }
        throw new VmBootException("VM " + name() + " did not answer SSH within " + spec().bootTimeout()
                + (last != null ? " (last attempt: " + last.getMessage() + ")" : ""), serial.tail(30));
    }

    /** A clone wakes up as its template: it takes a name, randomness and time of its own. */
    private void takeOwnIdentity() {
        access.execOrFail(ExecRequest.builder(CloneIdentity.fresh(name()).shellLine())
                .setTimeout(Duration.ofSeconds(30)).build());
    }

    /** A boot that made no progress on the console; start() retries it. */
    private static final class ConsoleStalled extends RuntimeException {
        ConsoleStalled() {
            super(null, null, false, false);
        }
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
     * Runs a command with environment, working directory, stdin, timeout and output streaming;
     * throws {@link dev.ignite.engine.access.ExecTimeoutException} when the timeout expires.
     */
    public ExecResult exec(ExecRequest request) {
        try {
            ExecResult result = access().exec(request);
            history.finished(result);
            return result;
        } catch (RuntimeException e) {
            history.failed(request.command(), e);
            throw e;
        }
    }

    /** Like {@link #exec(String)}, but a non-zero exit throws {@link dev.ignite.engine.access.ExecFailedException}. */
    public ExecResult execOrFail(String command) {
        return execOrFail(ExecRequest.of(command));
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
     * Copies a host file or folder tree into the guest over SFTP, keeping modes and symbolic links.
     * {@code guestPath} names the copy itself; missing parents are made, files replaced, folders merged.
     */
    public void copyTo(Path hostPath, String guestPath) {
        access().copyTo(hostPath, guestPath);
    }

    /** Copies a guest file or folder tree to the host; {@code hostPath} names the copy itself. */
    public void copyFrom(String guestPath, Path hostPath) {
        access().copyFrom(guestPath, hostPath);
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

    /** The VM's SSH connections; a handle on a VM another process started connects on first use. */
    private synchronized SshAccess access() {
        if (access == null) {
            if (state() != VmState.RUNNING) {
                throw new IgniteException("VM " + name() + " is not running (state " + state().display()
                        + "): start it first");
            }
            try {
                access = new SshAccess(name(), LOOPBACK, sshPort(), keys.keyPair(), SSH_ATTEMPT_TIMEOUT,
                        SshConnection.open(LOOPBACK, sshPort(), keys.keyPair(), SSH_ATTEMPT_TIMEOUT));
            } catch (IOException e) {
                throw new IgniteException("cannot reach VM " + name() + " over SSH: " + e.getMessage(), e);
            }
        }
        return access;
    }

    /**
     * Stops the VM gracefully, keeping its disk and logs: the guest is asked to power off (over SSH and
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

    /** Asks the guest's init to power off; images without SSH still get the ACPI request. */
    private void requestGuestPowerOff() {
        try {
            // In the background, so the command returns before the SSH server goes away.
            access().exec(ExecRequest.builder("(sleep 0.1; poweroff) >/dev/null 2>&1 </dev/null &")
                    .setTimeout(SSH_ATTEMPT_TIMEOUT).build());
        } catch (RuntimeException e) {
            LOG.debug("VM {}: poweroff over SSH failed ({}); relying on ACPI", name(), e.getMessage());
        } finally {
            closeAccess();
        }
    }

    private void closeAccess() {
        if (access != null) {
            access.close();
            access = null;
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
        vms.delete(record, failure);
        if (failure != null) {
            throw failure;
        }
    }

    private void update(VmRecord next) {
        record = next;
        if (Files.isDirectory(next.folder())) { // else removed meanwhile (`ignite rm -f`)
            vms.save(next);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IgniteException("interrupted while waiting for a VM", e);
        }
    }

    @Override
    public String toString() {
        return "VM " + name() + " (" + id() + ", " + record.state().display() + ")";
    }
}
