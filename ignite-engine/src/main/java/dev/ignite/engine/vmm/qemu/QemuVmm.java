package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.store.PrivateFiles;
import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.store.Json;
import dev.ignite.engine.vmm.FileIdentity;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.ProcessLauncher;
import dev.ignite.engine.vmm.VmFolder;
import dev.ignite.engine.vmm.VmProcess;
import dev.ignite.engine.vmm.Vmm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs VMs with QEMU's {@code microvm} machine: KVM where usable, TCG emulation otherwise. */
public final class QemuVmm implements Vmm {
    private static final Logger LOG = LoggerFactory.getLogger(QemuVmm.class);
    private static final AtomicBoolean TCG_NOTICE_GIVEN = new AtomicBoolean();
    /** The kernel's limit for a unix socket path, less the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private final Accelerator accelerator;

    public QemuVmm() {
        this(Accelerator.detect());
    }

    public QemuVmm(Accelerator accelerator) {
        this.accelerator = accelerator;
    }

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public String stateCompatibility() {
        return FileIdentity.of(HostTools.require(HostTool.QEMU)) + " accel=" + accelerator.qemuName();
    }

    public Accelerator accelerator() {
        return accelerator;
    }

    @Override
    public VmProcess start(LaunchPlan plan) {
        Path qemu = HostTools.require(HostTool.QEMU);
        Path socket = plan.controlSocket();
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            throw new IgniteException("socket path " + socket + " is longer than the " + MAX_SOCKET_PATH
                    + " characters unix sockets allow: set IGNITE_HOME to a shorter folder");
        }
        if (accelerator == Accelerator.TCG && TCG_NOTICE_GIVEN.compareAndSet(false, true)) {
            LOG.info("KVM is not usable on this host: VMs run under TCG emulation, which is several times slower");
        }
        PrivateFiles.createIfMissing(plan.backendLog());
        ProcessBuilder builder = new ProcessBuilder(QemuCommandLine.of(qemu.toString(), plan, accelerator))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.backendLog().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(plan.backendLog().toFile()));
        Process process = ProcessLauncher.start(builder, plan.ownership());
        QemuProcess started = new QemuProcess(process.toHandle(), Optional.of(process), plan.controlSocket(),
                plan.backendLog());
        if (plan.memoryFile() != null && plan.memoryFile().restores()) {
            restore(started, plan);
        }
        return started;
    }

    /** Loads the saved device state into a QEMU started with {@code -incoming defer}, then resumes it. */
    private static void restore(QemuProcess process, LaunchPlan plan) {
        try (Qmp qmp = connect(process, plan.controlSocket())) {
            Migration.ignoreSharedMemory(qmp);
            qmp.execute("migrate-incoming", Json.MAPPER.createObjectNode()
                    .put("uri", "exec:cat " + Migration.quote(plan.memoryFile().deviceState())));
            Migration.await(qmp, "restoring VM " + plan.vmId() + " from its snapshot");
            qmp.execute("cont", null);
        } catch (IOException | RuntimeException e) {
            process.kill();
            throw new IgniteException("cannot restore VM " + plan.vmId() + " from its snapshot: " + e.getMessage()
                    + (process.diagnostics().isEmpty() ? "" : " (" + process.diagnostics() + ")"), e);
        }
    }

    /** QEMU creates its control socket a few ms after it starts; wait for it, not longer than 10 s. */
    private static Qmp connect(QemuProcess process, Path socket) throws IOException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try {
                return Qmp.connect(socket);
            } catch (IOException e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for QEMU's control socket", interrupted);
                }
            }
        }
    }

    @Override
    public VmProcess attach(ProcessHandle process, Path runDir) {
        return new QemuProcess(process, Optional.empty(), new VmFolder(runDir).controlSocket(), new VmFolder(runDir).backendLog());
    }
}
