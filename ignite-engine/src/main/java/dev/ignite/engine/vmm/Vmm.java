package dev.ignite.engine.vmm;

import dev.ignite.engine.access.AgentAddress;

import java.nio.file.Path;

/** A virtual machine monitor backend: QEMU's {@code microvm} here, Firecracker where KVM allows. */
public interface Vmm {
    String name();

    VmProcess start(LaunchPlan plan);

    /** What a saved VM state depends on besides the VM (binary, accelerator): part of a snapshot's key. */
    String stateCompatibility();

    /** Whether root disks may be qcow2 overlays on the image; else each VM gets a raw copy. */
    default boolean supportsQcow2() {
        return true;
    }

    /**
     * How the host reaches the guest agent on a VM's agent socket: QEMU joins it to a virtio-serial
     * port (every host, no vsock device needed: see docs/agent.md).
     */
    default AgentAddress agentAddress(Path agentSocket) {
        return AgentAddress.virtioSerial(agentSocket);
    }

    /** The VM process found again by its handle (started by this or another process), given its run folder. */
    VmProcess attach(ProcessHandle process, Path runDir);
}
