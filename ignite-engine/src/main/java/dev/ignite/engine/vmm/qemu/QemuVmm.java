package dev.ignite.engine.vmm.qemu;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.host.Accelerator;
import dev.ignite.engine.host.HostTool;
import dev.ignite.engine.host.HostTools;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.ProcessLauncher;
import dev.ignite.engine.vmm.VmProcess;
import dev.ignite.engine.vmm.Vmm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
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
        ProcessBuilder builder = new ProcessBuilder(QemuCommandLine.of(qemu.toString(), plan, accelerator))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.backendLog().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(plan.backendLog().toFile()));
        Process process = ProcessLauncher.start(builder, plan.lifetime());
        return new QemuProcess(process.toHandle(), Optional.of(process), plan.controlSocket(), plan.backendLog());
    }

    @Override
    public VmProcess attach(ProcessHandle process, Path runDir) {
        return new QemuProcess(process, Optional.empty(), LaunchPlan.controlSocket(runDir), LaunchPlan.backendLog(runDir));
    }
}
