package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.AgentAddress;
import dev.ignite.engine.vmm.FileIdentity;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.ProcessLauncher;
import dev.ignite.engine.vmm.VmFolder;
import dev.ignite.engine.vmm.VmProcess;
import dev.ignite.engine.vmm.Vmm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs VMs with Firecracker (KVM only): one {@code firecracker} process per VM, configured through
 * its API socket. Needs a raw root disk, an ELF vmlinux and a TAP device; {@link FirecrackerLaunchCheck}
 * says so before anything starts.
 */
public final class FirecrackerVmm implements Vmm {
    private static final Duration API_READY_TIMEOUT = Duration.ofSeconds(5);

    private final Path firecracker;
    private final Duration apiReadyTimeout;

    public FirecrackerVmm(Path firecracker) {
        this(firecracker, API_READY_TIMEOUT);
    }

    /** For stand-ins that start slower than Firecracker's few milliseconds (a JVM in tests). */
    FirecrackerVmm(Path firecracker, Duration apiReadyTimeout) {
        this.firecracker = firecracker;
        this.apiReadyTimeout = apiReadyTimeout;
    }

    @Override
    public String name() {
        return "firecracker";
    }

    public Path binary() {
        return firecracker;
    }

    static Path apiSocket(LaunchPlan plan) {
        return apiSocket(plan.runDir());
    }

    static Path apiSocket(Path runDir) {
        return new VmFolder(runDir).firecrackerSocket();
    }

    static Path firecrackerLog(LaunchPlan plan) {
        return firecrackerLog(plan.runDir());
    }

    static Path firecrackerLog(Path runDir) {
        return new VmFolder(runDir).firecrackerLog();
    }

    @Override
    public VmProcess start(LaunchPlan plan) {
        Path socket = apiSocket(plan);
        FirecrackerLaunchCheck.require(plan, socket);
        prepareRunDir(plan, socket);
        ProcessBuilder builder = new ProcessBuilder(firecracker.toString(), "--api-sock", socket.toString(),
                "--id", "ignite-" + plan.vmId())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                // Firecracker writes the guest's serial console to its stdout.
                .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.serialLog().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(plan.backendLog().toFile()));
        Process started = ProcessLauncher.start(builder, plan.ownership());
        FirecrackerApi api = new FirecrackerApi(socket);
        FirecrackerProcess process = new FirecrackerProcess(started.toHandle(), Optional.of(started), plan.runDir());
        try {
            awaitApi(api, started, apiReadyTimeout);
            boolean restores = plan.memoryFile() != null && plan.memoryFile().restores();
            FirecrackerBoot.run(api, plan.vmId(), restores ? FirecrackerBoot.restore(plan) : FirecrackerBoot.coldBoot(plan));
            return process;
        } catch (RuntimeException e) {
            process.kill();
            String diagnostics = process.diagnostics();
            throw new IgniteException(e.getMessage() + (diagnostics.isEmpty() ? "" : "\n" + diagnostics), e);
        }
    }

    @Override
    public String stateCompatibility() {
        return FileIdentity.of(firecracker);
    }

    @Override
    public AgentAddress agentAddress(Path agentSocket) {
        return FirecrackerBoot.agentAddress(agentSocket);
    }

    @Override
    public boolean supportsQcow2() {
        return false;
    }

    @Override
    public VmProcess attach(ProcessHandle process, Path runDir) {
        return new FirecrackerProcess(process, Optional.empty(), runDir);
    }

    private static void prepareRunDir(LaunchPlan plan, Path socket) {
        try {
            // A socket left by an earlier run of this VM would make Firecracker fail with "address in use".
            Files.deleteIfExists(socket);
            // Firecracker opens its log file but does not create it.
            Files.newOutputStream(firecrackerLog(plan), StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (IOException e) {
            throw new IgniteException("cannot prepare " + plan.runDir() + " for Firecracker: " + e.getMessage(), e);
        }
    }

    /** Firecracker creates the socket soon after it starts; GET / answering proves it serves requests. */
    private static void awaitApi(FirecrackerApi api, Process process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        IgniteException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IgniteException("Firecracker exited before its API socket " + api.socket() + " answered");
            }
            if (Files.exists(api.socket())) {
                try {
                    api.describeInstance();
                    return;
                } catch (IgniteException e) {
                    last = e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IgniteException("interrupted while waiting for Firecracker's API socket", e);
            }
        }
        throw new IgniteException("Firecracker's API socket " + api.socket() + " did not answer within "
                + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }
}
