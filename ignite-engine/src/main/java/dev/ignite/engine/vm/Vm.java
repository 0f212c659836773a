package dev.ignite.engine.vm;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.Console;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.access.SshConnection;
import dev.ignite.engine.access.SshKeys;
import dev.ignite.engine.image.Image;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.net.FreePorts;
import dev.ignite.engine.store.FileTrees;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.LaunchPlan.HostForward;
import dev.ignite.engine.vmm.VmProcess;
import dev.ignite.engine.vmm.Vmm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A live VM handle: start it, run commands in it over SSH, stop it. Closing a handle stops the VM
 * and removes it with everything it left on disk.
 */
public final class Vm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vm.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration SSH_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Under TCG on a loaded host the Debian kernel sometimes hangs in early timer calibration (guest
     * clock stuck at 0, no HPET/PM timer on microvm). A console silent this long is such a hang.
     */
    private static final Duration CONSOLE_STALL = Duration.ofSeconds(20);
    private static final int BOOT_ATTEMPTS = 3;
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
    private SshConnection ssh;
    private Duration lastBootTime;

    Vm(Vms vms, Vmm vmm, SshKeys keys, Image image, Kernel kernel, VmRecord record) {
        this.vms = vms;
        this.vmm = vmm;
        this.keys = keys;
        this.image = image;
        this.kernel = kernel;
        this.record = record;
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

    public synchronized VmState state() {
        if (record.state() == VmState.RUNNING && (process == null || !process.isAlive())) {
            update(record.withState(VmState.FAILED));
        }
        return record.state();
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

    /** Wall time from starting the VM process to the first SSH session, for the last start. */
    public Duration bootTime() {
        return lastBootTime;
    }

    /** Starts the VM and returns once its SSH server accepts the engine's key; it dies with this JVM. */
    public Vm start() {
        return start(false);
    }

    /**
     * Like {@link #start()}, but the VM outlives this JVM (the CLI's {@code run -d}): stop it with
     * {@link #stop()} or {@link Vms#stop(String)}.
     */
    public Vm startDetached() {
        return start(true);
    }

    private synchronized Vm start(boolean detached) {
        if (process != null && process.isAlive()) {
            throw new IgniteException("VM " + name() + " is already running");
        }
        List<HostForward> forwards = new ArrayList<>();
        int sshPort = FreePorts.pick(LOOPBACK);
        forwards.add(new HostForward(LOOPBACK, sshPort, 22));
        for (PortMapping port : spec().ports()) {
            int hostPort = port.hostPort() == 0 ? FreePorts.pick(port.hostAddress()) : port.hostPort();
            if (port.hostPort() != 0) {
                FreePorts.requireFree(port.hostAddress(), hostPort);
            }
            forwards.add(new HostForward(port.hostAddress(), hostPort, port.guestPort()));
        }
        LaunchPlan plan = new LaunchPlan(id(), record.folder(), kernel.kernelImage(), kernel.initramfs(),
                kernelCommandLine(), record.folder().resolve(Vms.OVERLAY_FILE),
                record.folder().resolve(Vms.CONFIG_DRIVE_FILE), spec().cpus(), spec().memoryMib(), forwards,
                detached);
        Instant started = Instant.now();
        for (int attempt = 1; ssh == null; attempt++) {
            process = vmm.start(plan);
            update(record.running(process.pid(), sshPort));
            try {
                ssh = awaitSsh(Instant.now());
            } catch (ConsoleStalled stalled) {
                process.terminate(Duration.ofSeconds(5));
                if (attempt == BOOT_ATTEMPTS) {
                    update(record.withState(VmState.FAILED));
                    throw new VmBootException("VM " + name() + " hung early in boot " + BOOT_ATTEMPTS
                            + " times (console silent for " + CONSOLE_STALL.toSeconds() + " s)", serialLog().tail(30));
                }
                LOG.warn("VM {}: console silent for {} s, boot hung; retrying ({}/{})", name(),
                        CONSOLE_STALL.toSeconds(), attempt + 1, BOOT_ATTEMPTS);
            } catch (RuntimeException e) {
                process.terminate(Duration.ofSeconds(5));
                update(record.withState(VmState.FAILED));
                throw e;
            }
        }
        lastBootTime = Duration.between(started, Instant.now());
        LOG.debug("VM {} answered SSH {} ms after start", name(), lastBootTime.toMillis());
        return this;
    }

    private String kernelCommandLine() {
        List<String> args = new ArrayList<>(List.of("console=ttyS0", "panic=-1", "quiet", "ignite.init=/sbin/init"));
        args.addAll(spec().kernelArgs());
        return String.join(" ", args);
    }

    private SshConnection awaitSsh(Instant started) {
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
            } else if (Duration.between(consoleChanged, Instant.now()).compareTo(CONSOLE_STALL) > 0
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
            if (serial.text().contains(HANDOVER)) {
                try {
                    return SshConnection.open(LOOPBACK, sshPort(), keys.keyPair(), SSH_ATTEMPT_TIMEOUT);
                } catch (IOException e) {
                    last = e;
                }
            }
            sleep(POLL_INTERVAL);
        }
        throw new VmBootException("VM " + name() + " did not answer SSH within " + spec().bootTimeout()
                + (last != null ? " (last attempt: " + last.getMessage() + ")" : ""), serial.tail(30));
    }

    /** A boot that made no progress on the console; start() retries it. */
    private static final class ConsoleStalled extends RuntimeException {
        ConsoleStalled() {
            super(null, null, false, false);
        }
    }

    public ExecResult exec(String command) {
        return exec(command, DEFAULT_EXEC_TIMEOUT);
    }

    /** Runs a shell command as root; a non-zero exit code is returned, not thrown. */
    public synchronized ExecResult exec(String command, Duration timeout) {
        if (ssh == null || !ssh.isConnected()) {
            if (state() != VmState.RUNNING) {
                throw new IgniteException("VM " + name() + " is not running (state " + state().display()
                        + "): start it first");
            }
            try {
                ssh = SshConnection.open(LOOPBACK, sshPort(), keys.keyPair(), SSH_ATTEMPT_TIMEOUT);
            } catch (IOException e) {
                throw new IgniteException("cannot reach VM " + name() + " over SSH: " + e.getMessage(), e);
            }
        }
        return ssh.exec(command, timeout);
    }

    /** Ends the VM at once, keeping its disk and logs; a later {@link #start()} boots it again. */
    public synchronized void stop() {
        if (ssh != null) {
            ssh.close();
            ssh = null;
        }
        if (process != null) {
            process.terminate(Duration.ofSeconds(10));
        }
        if (record.state() == VmState.RUNNING) {
            update(record.withState(VmState.STOPPED));
        }
    }

    /** Stops the VM and deletes it: overlay disk, config drive, logs, sockets, metadata. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        try {
            stop();
        } catch (RuntimeException e) {
            failure = e;
        }
        FileTrees.deleteQuietly(record.folder(), failure);
        if (failure != null) {
            throw failure;
        }
    }

    private void update(VmRecord next) {
        record = next;
        vms.save(next);
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
