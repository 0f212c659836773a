package dev.ignite.engine.vmm;

import java.nio.file.Path;
import java.util.Optional;

/** A virtual machine monitor backend: QEMU's {@code microvm} here, Firecracker where KVM allows. */
public interface Vmm {
    String name();

    VmProcess start(LaunchPlan plan);

    /** The VM process with this PID if it is still that VM's (started by any process); for stop and attach. */
    Optional<VmProcess> find(String vmId, long pid, Path runDir);
}
