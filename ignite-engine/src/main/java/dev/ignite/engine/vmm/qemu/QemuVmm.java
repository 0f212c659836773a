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
import java.util.Arrays;
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
        for (Path socket : new Path[]{plan.consoleSocket(), plan.controlSocket()}) {
            if (socket.toString().length() > MAX_SOCKET_PATH) {
                throw new IgniteException("socket path " + socket + " is longer than the " + MAX_SOCKET_PATH
                        + " characters unix sockets allow: set IGNITE_HOME to a shorter folder");
            }
        }
        if (accelerator == Accelerator.TCG && TCG_NOTICE_GIVEN.compareAndSet(false, true)) {
            LOG.info("KVM is not usable on this host: VMs run under TCG emulation, which is several times slower");
        }
        ProcessBuilder builder = new ProcessBuilder(QemuCommandLine.of(qemu.toString(), plan, accelerator))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.backendLog().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(plan.backendLog().toFile()));
        Process process = plan.detached() ? ProcessLauncher.startDetached(builder) : ProcessLauncher.start(builder);
        return new QemuProcess(process, plan.controlSocket(), plan.backendLog());
    }

    /**
     * The QEMU a VM record points to, if it still runs. The PID alone could by now belong to another
     * program, so the process must carry the VM's {@code -name}.
     */
    @Override
    public Optional<VmProcess> find(String vmId, long pid, Path runDir) {
        String marker = "ignite-" + vmId + ",";
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().arguments().map(args -> Arrays.stream(args).anyMatch(a -> a.startsWith(marker)))
                        .orElse(false))
                .map(h -> new QemuProcess(h, null, runDir.resolve(LaunchPlan.CONTROL_SOCKET),
                        runDir.resolve(LaunchPlan.BACKEND_LOG)));
    }
}
