package dev.ignite.engine.vm;

import dev.ignite.engine.host.Sleep;
import dev.ignite.engine.access.AgentAddress;
import dev.ignite.engine.access.AgentConnection;
import dev.ignite.engine.access.ExecFailedException;
import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.access.GuestChannel;
import dev.ignite.engine.access.HostKey;
import dev.ignite.engine.access.SshAccess;
import dev.ignite.engine.access.SshConnection;
import dev.ignite.engine.kernel.Kernel;
import dev.ignite.engine.net.FreePorts;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.LaunchPlan.HostForward;
import dev.ignite.engine.vmm.MemoryFile;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.vmm.VmFolder;
import dev.ignite.engine.vmm.VmProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The boot sequence of one start of a VM, as ordered steps: pick the host ports, make the launch
 * plan, start the VMM process, wait for the guest agent to answer (SSH with a kernel that cannot
 * carry the agent's port) while watching the console (retrying a boot
 * that hung early), and give a restored clone its own identity. It reports each process it starts
 * to the handle at once, so that console waits and state checks see it while it boots.
 */
final class VmBoot {
    private static final Logger LOG = LoggerFactory.getLogger(VmBoot.class);
    static final String LOOPBACK = "127.0.0.1";
    static final Duration SSH_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    /** A restored guest answers within a few hundred ms, and polling then costs no boot work. */
    private static final Duration RESTORE_POLL_INTERVAL = Duration.ofMillis(5);
    /**
     * Under TCG on a loaded host the Debian kernel sometimes hangs in early timer calibration (guest
     * clock stuck at 0, no HPET/PM timer on microvm). A console silent this long is such a hang.
     */
    private static final Duration CONSOLE_STALL = Duration.ofSeconds(20);
    private static final int BOOT_ATTEMPTS = 3;
    /** What our initramfs prints just before {@code switch_root}. */
    private static final String HANDOVER = "ignite-init: switch_root to";

    /** A connected agent silent this long is asked again on a new connection. */
    private static final Duration AGENT_RECONNECT = Duration.ofSeconds(3);
    /**
     * A restored agent is up already, so its silence means it missed our connection: on the
     * microvm kernel a clone's first connection went unanswered every time (restore 3.5 s, all of
     * it this wait). Asked again sooner, doubling each time so that busy clones are not churned.
     * The agent used to lose its first PONG (docs/agent.md, Connections); this is now a safety net.
     */
    private static final Duration RESTORED_AGENT_RECONNECT = Duration.ofMillis(500);
    /**
     * A cold boot is ready once the image's init reached its target, as it was when SSH answering
     * meant that (a clone was snapshotted after it); a restore is ready when its agent answers.
     */
    private static final Duration INIT_TARGET_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What a finished boot hands to the handle: the guest agent, or (a kernel without the agent's
     * port) an SSH session.
     */
    record Booted(VmProcess process, AgentConnection agent, SshAccess access, List<HostForward> published,
                  Duration bootTime) {
    }

    private final Vm vm;
    private final VmContext context;
    private final Kernel kernel;
    private final VmRecord record;

    VmBoot(Vm vm, VmContext context, Kernel kernel, VmRecord record) {
        this.vm = vm;
        this.context = context;
        this.kernel = kernel;
        this.record = record;
    }

    /** Boots (or, with a clone's memory file, restores) the VM; a failed boot leaves its process ended. */
    Booted run(MemoryFile memory) {
        boolean restoring = memory != null && memory.restores();
        List<HostForward> forwards = new ArrayList<>();
        int sshPort = FreePorts.pick(LOOPBACK);
        forwards.add(new HostForward(LOOPBACK, sshPort, 22));
        for (PortMapping port : record.spec().ports()) {
            int hostPort = port.hostPort() == 0 ? FreePorts.pick(port.hostAddress()) : port.hostPort();
            if (port.hostPort() != 0 && port.protocol().equals("tcp")) {
                FreePorts.requireFree(port.hostAddress(), hostPort);
            }
            forwards.add(new HostForward(port.hostAddress(), hostPort, port.guestPort(), port.protocol()));
        }
        VmFolder files = new VmFolder(record.folder());
        LaunchPlan plan = LaunchPlan.builder(record.id(), record.folder())
                .setKernel(kernel.kernelImage(), context.kernels().initramfs(kernel), kernelCommandLine())
                .setDisks(files.rootDisk(), files.configDrive(), Volume.extraDisks(record.spec()))
                .setMachine(record.spec().cpus(), record.spec().memoryMib())
                .setForwards(forwards)
                .setOwnership(record.detached() ? Ownership.DETACHED : Ownership.THIS_PROCESS)
                .setSharedNics(context.networking().prepareStart(record))
                .setMemoryFile(memory)
                .setHostPorts(record.spec().hostPorts())
                .build();
        // A clone first answers with its template's host key, then takes its own (takeOwnIdentity).
        Snapshot snapshot = restoring ? context.snapshots().get(record.snapshotId()) : null;
        String hostKey = restoring ? snapshot.templateHostKey() : vm.ownHostKey();
        // A template that answered over SSH makes clones whose agent (if any) the host cannot reach either.
        boolean agentExpected = snapshot == null || !snapshot.sshOnly();
        Instant started = Instant.now();
        for (int attempt = 1; ; attempt++) {
            long bootLogStart = vm.serialLog().size(); // each boot appends to the log: this one's part starts here
            VmProcess process = context.vmm().start(plan);
            vm.processStarted(process, sshPort);
            AgentConnection agent = null;
            try {
                agent = agentExpected ? awaitAgent(process, files, restoring, bootLogStart) : null;
                SshAccess access = null;
                if (agent == null) {
                    SshConnection.warmUpInBackground();
                    access = new SshAccess(vm.name(), LOOPBACK, sshPort, context.keys().keyPair(), hostKey,
                            SSH_ATTEMPT_TIMEOUT, awaitSsh(process, sshPort, restoring, bootLogStart, hostKey));
                }
                if (restoring) {
                    takeOwnIdentity(agent, access, memory.templateVmId());
                } else if (agent != null && !agent.awaitInitTarget(INIT_TARGET_TIMEOUT)) {
                    LOG.warn("VM {}: the image's boot scripts still run after {} s; going on", vm.name(),
                            INIT_TARGET_TIMEOUT.toSeconds());
                }
                Duration bootTime = Duration.between(started, Instant.now());
                LOG.debug("VM {} answered {} {} ms after start", vm.name(), agent != null ? "its agent" : "SSH",
                        bootTime.toMillis());
                return new Booted(process, agent, access, List.copyOf(forwards.subList(1, forwards.size())), bootTime);
            } catch (ConsoleStalled stalled) {
                closeQuietly(agent);
                process.terminate(Duration.ofSeconds(5));
                if (attempt == BOOT_ATTEMPTS) {
                    vm.bootFailed("boot hung " + BOOT_ATTEMPTS + " times");
                    throw new VmBootException("VM " + vm.name() + " hung early in boot " + BOOT_ATTEMPTS
                            + " times (console silent for " + CONSOLE_STALL.toSeconds() + " s)", vm.serialLog().tail(30));
                }
                LOG.warn("VM {}: console silent for {} s, boot hung; retrying ({}/{})", vm.name(),
                        CONSOLE_STALL.toSeconds(), attempt + 1, BOOT_ATTEMPTS);
            } catch (RuntimeException e) {
                closeQuietly(agent);
                process.terminate(Duration.ofSeconds(5));
                vm.bootFailed("boot failed: " + e.getMessage());
                throw e;
            }
        }
    }

    /**
     * What the engine needs stays: {@code console=ttyS0} (serial log, attach, boot-stall detection),
     * {@code panic=-1} (a guest panic ends QEMU at once instead of hanging until the boot timeout). Our
     * initramfs hands over to the image's {@code /sbin/init}, or runs ours when the image has none;
     * {@code ignite.init=PATH} in the spec's arguments names another (and then it must exist). The
     * spec's kernel arguments replace the rest ({@code quiet}), as Ignite's {@code --kernel-args}
     * replaces its command line.
     */
    private String kernelCommandLine() {
        List<String> args = new ArrayList<>(List.of("console=ttyS0", "panic=-1"));
        args.addAll(record.spec().kernelArgs().isEmpty() ? List.of("quiet") : record.spec().kernelArgs());
        return String.join(" ", args);
    }

    /**
     * Waits for the guest agent to answer; null when our init said it could not start one (then the
     * boot waits for SSH instead).
     */
    private AgentConnection awaitAgent(VmProcess process, VmFolder files, boolean restored, long bootLogStart) {
        Instant deadline = Instant.now().plus(record.spec().bootTimeout());
        BootWatch watch = new BootWatch(process, restored, bootLogStart);
        SerialLog serial = watch.serial;
        AgentAddress address = context.vmm().agentAddress(files.agentSocket());
        AgentConnection agent = null;
        Instant connected = null;
        Duration reconnect = restored ? RESTORED_AGENT_RECONNECT : AGENT_RECONNECT;
        IOException last = null;
        try {
            while (Instant.now().isBefore(deadline)) {
                watch.check();
                var noAgent = watch.console.agentUnavailableLine().or(() -> agentOutOfReach(watch.console, address));
                if (noAgent.isPresent()) {
                    LOG.warn("VM {}: {}; waiting for SSH instead", vm.name(), noAgent.get());
                    closeQuietly(agent);
                    return null;
                }
                if (agent != null && Duration.between(connected, Instant.now()).compareTo(reconnect) > 0) {
                    // The agent never heard of our connection: connecting anew makes the VMM tell the
                    // guest again (and wakes the agent).
                    LOG.debug("VM {}: no answer from its agent in {} ms; connecting again", vm.name(),
                            reconnect.toMillis());
                    closeQuietly(agent);
                    agent = null;
                    reconnect = restored ? reconnect.multipliedBy(2) : reconnect;
                }
                if (agent == null) {
                    try {
                        agent = AgentConnection.open(vm.name(), address);
                        connected = Instant.now();
                    } catch (IOException e) {
                        last = e; // the VMM has not made its socket yet
                    }
                }
                // Once connected, the agent's answer is awaited here between the console checks.
                Duration poll = restored ? RESTORE_POLL_INTERVAL : POLL_INTERVAL;
                if (agent != null && agent.awaitReady(poll)) {
                    return agent;
                }
                if (agent == null) {
                    Sleep.sleep(poll, "VM " + vm.name() + " to boot");
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(agent);
            throw e;
        }
        closeQuietly(agent);
        throw new VmBootException("VM " + vm.name() + " did not answer through its agent within "
                + record.spec().bootTimeout() + (last != null && agent == null ? " (its socket: " + last.getMessage()
                + ")" : ""), serial.tail(30));
    }

    /**
     * Our init's line saying the agent listens on vsock, when this VMM reaches the agent over
     * virtio-serial instead ({@code ignite.agent=} in the spec's kernel arguments under QEMU).
     */
    private Optional<String> agentOutOfReach(BootConsole console, AgentAddress address) {
        if (address.vsockPort().isPresent()) {
            return Optional.empty();
        }
        return console.vsockAgentLine().map(line -> line + ", which " + context.vmm().name()
                + " does not reach (ignite.agent= in the kernel arguments)");
    }

    private static void closeQuietly(AgentConnection agent) {
        if (agent != null) {
            agent.close();
        }
    }

    private SshConnection awaitSsh(VmProcess process, int sshPort, boolean restored, long bootLogStart, String hostKey) {
        Instant deadline = Instant.now().plus(record.spec().bootTimeout());
        BootWatch watch = new BootWatch(process, restored, bootLogStart);
        BootConsole console = watch.console;
        SerialLog serial = watch.serial;
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            watch.check();
            // SSH attempts cost CPU that a TCG guest needs to boot on a small host, so they start
            // only once our init has handed over to the image's init.
            if (restored || console.handedOver()) {
                try {
                    return SshConnection.open(LOOPBACK, sshPort, context.keys().keyPair(), hostKey, SSH_ATTEMPT_TIMEOUT);
                } catch (IOException e) {
                    last = e;
                }
            }
            Sleep.sleep(restored ? RESTORE_POLL_INTERVAL : POLL_INTERVAL, "VM " + vm.name() + " to boot");
        }
        throw new VmBootException("VM " + vm.name() + " did not answer SSH within " + record.spec().bootTimeout()
                + (last != null ? " (last attempt: " + last.getMessage() + ")" : ""), serial.tail(30));
    }

    /**
     * A clone wakes up as its template: it takes its MAC and address on a shared network, a name,
     * randomness, time, environment and SSH host key of its own, then the files its spec copies in
     * (the template had none); through its agent, else over a connection that already checks the
     * clone's own host key.
     */
    private void takeOwnIdentity(AgentConnection agent, SshAccess access, String templateVmId) {
        String line = context.networking().sharedAddress(record)
                .map(address -> "{ " + SharedNicChange.of(templateVmId, record.id(), address).shellLine() + "; } && ")
                .orElse("")
                + CloneIdentity.fresh(record.spec(), vm.name(), HostKey.load(record.folder())).shellLine();
        GuestChannel channel = agent != null ? agent : access;
        ExecResult result = channel.exec(ExecRequest.builder(line).setTimeout(Duration.ofSeconds(30)).build());
        if (!result.succeeded()) {
            throw new ExecFailedException(result);
        }
        if (access != null) {
            access.pinHostKey(vm.ownHostKey());
        }
        for (FileCopy copy : record.spec().copyFiles()) {
            channel.copyTo(copy.hostPath(), copy.guestPath());
        }
    }

    /** What each poll of a booting VM checks: the process alive, no fatal console line, no stalled boot. */
    private final class BootWatch {
        final SerialLog serial = vm.serialLog();
        final BootConsole console;
        private final VmProcess process;
        private final boolean restored;
        private Instant consoleChanged = Instant.now();

        BootWatch(VmProcess process, boolean restored, long bootLogStart) {
            this.process = process;
            this.restored = restored;
            this.console = new BootConsole(serial.file(), bootLogStart, HANDOVER);
        }

        void check() {
            if (console.poll()) {
                consoleChanged = Instant.now();
            } else if (!restored && !console.handedOver()
                    && Duration.between(consoleChanged, Instant.now()).compareTo(CONSOLE_STALL) > 0) {
                throw new ConsoleStalled();
            }
            if (!process.isAlive()) {
                throw new VmBootException("VM " + vm.name() + " stopped while booting (" + process.diagnostics() + ")",
                        serial.tail(30));
            }
            var fatal = console.fatalLine();
            if (fatal.isPresent()) {
                throw new VmBootException("VM " + vm.name() + " failed to boot: " + fatal.get(), serial.tail(30));
            }
        }
    }

    /** A boot that made no progress on the console; {@link #run} retries it. */
    private static final class ConsoleStalled extends RuntimeException {
        ConsoleStalled() {
            super(null, null, false, false);
        }
    }
}
