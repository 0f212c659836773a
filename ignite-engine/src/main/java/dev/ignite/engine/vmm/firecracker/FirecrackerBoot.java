package dev.ignite.engine.vmm.firecracker;

import dev.ignite.engine.IgniteException;
import dev.ignite.engine.access.AgentAddress;
import dev.ignite.engine.vmm.LaunchPlan;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.ActionType;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.BootSource;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.Drive;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.LogLevel;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.Logger;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.MachineConfig;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.MemoryBackend;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.NetworkInterface;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.Vsock;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.VsockOverride;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.NetworkOverride;
import dev.ignite.engine.vmm.firecracker.FirecrackerApi.SnapshotLoad;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Configuring and starting a fresh Firecracker process, as an ordered list of named steps so the
 * log says which one failed and a snapshot restore can swap in its own list.
 */
final class FirecrackerBoot {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(FirecrackerBoot.class);
    static final String ROOT_DRIVE = "root";
    static final String CONFIG_DRIVE = "config";
    static final String NETWORK_INTERFACE = "eth0";
    /**
     * Firecracker makes a drive's virtio serial from the backing file's device and inode, so our
     * init cannot find the disks by serial as under QEMU: it takes them in attach order instead.
     */
    static final String DISKS_BY_ORDER = "ignite.disks=order";
    /** The guest's vsock address; each VM has a VMM process (and vsock device) of its own. */
    static final int GUEST_CID = 3;
    /** The guest port our agent listens on (told by {@code ignite.agent=vsock:PORT}). */
    private static final int AGENT_VSOCK_PORT = 1024;

    record Step(String name, Consumer<FirecrackerApi> action) {
    }

    /** The guest agent behind the vsock device's socket: the boot tells our init the same port. */
    static AgentAddress agentAddress(Path agentSocket) {
        return AgentAddress.hybridVsock(agentSocket, AGENT_VSOCK_PORT);
    }

    private FirecrackerBoot() {
    }

    /**
     * The root drive is added first so it is the guest's first virtio disk, as under QEMU. Firecracker
     * reports no configurable disk serial, so the order is what tells the disks apart.
     */
    static List<Step> coldBoot(LaunchPlan plan) {
        return List.of(
                new Step("logger", api -> api.putLogger(
                        new Logger(FirecrackerVmm.firecrackerLog(plan).toString(), LogLevel.INFO))),
                new Step("machine-config", api -> api.putMachineConfig(
                        new MachineConfig(plan.cpus(), plan.memoryMib()))),
                new Step("boot-source", api -> api.putBootSource(new BootSource(plan.kernelImage().toString(),
                        plan.kernelCommandLine() + " " + DISKS_BY_ORDER + " " + agentAddress(plan.agentSocket()).kernelArgument(),
                        plan.initramfs() == null ? null : plan.initramfs().toString()))),
                new Step("root-drive", api -> api.putDrive(
                        new Drive(ROOT_DRIVE, plan.rootDisk().toString(), true, false))),
                new Step("config-drive", api -> api.putDrive(
                        new Drive(CONFIG_DRIVE, plan.configDisk().toString(), false, true))),
                new Step("network-interface", api -> api.putNetworkInterface(
                        new NetworkInterface(NETWORK_INTERFACE, plan.tap().orElseThrow().device(), plan.tap().orElseThrow().mac()))),
                // Firecracker has no virtio-serial: the guest agent's channel is a vsock device, its
                // host end the same agent socket path QEMU uses (a guest has CID 3: one per VMM process).
                new Step("vsock", api -> api.putVsock(new Vsock(GUEST_CID, plan.agentSocket().toString()))),
                new Step("instance-start", api -> api.action(ActionType.INSTANCE_START)));
    }

    /**
     * A clone: Firecracker loads the template's memory file (mapped privately, as QEMU clones do) and
     * device state, moves its NIC to the clone's own TAP and its vsock device (the guest agent's
     * channel) to the clone's own socket, and resumes it. Drives are the template's
     * paths; the engine gives each clone its own copy at the same place before this runs.
     */
    static List<Step> restore(LaunchPlan plan) {
        return List.of(
                new Step("logger", api -> api.putLogger(
                        new Logger(FirecrackerVmm.firecrackerLog(plan).toString(), LogLevel.INFO))),
                new Step("snapshot-load", api -> api.loadSnapshot(new SnapshotLoad(
                        plan.memoryFile().deviceState().toString(), MemoryBackend.file(plan.memoryFile().file()), true,
                        List.of(new NetworkOverride(NETWORK_INTERFACE, plan.tap().orElseThrow().device())),
                        new VsockOverride(plan.agentSocket().toString())))));
    }

    static void run(FirecrackerApi api, String vmId, List<Step> steps) {
        for (Step step : steps) {
            LOG.debug("VM {}: Firecracker step {}", vmId, step.name());
            try {
                step.action().accept(api);
            } catch (IgniteException e) {
                throw new IgniteException("VM " + vmId + ": Firecracker step '" + step.name() + "' failed: "
                        + e.getMessage(), e);
            }
        }
    }
}
