package dev.ignite.engine.vmm;

/** A virtual machine monitor backend: QEMU's {@code microvm} here, Firecracker where KVM allows. */
public interface Vmm {
    String name();

    VmProcess start(LaunchPlan plan);
}
