package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.VmSpec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a started {@link dev.ignite.engine.vm.Vm} into a field or parameter. Instance fields and
 * parameters get a fresh VM per test method (per class under {@code @TestInstance(PER_CLASS)});
 * static fields one VM for the whole class; {@link #shared()} one VM for every class of the run
 * that names the same scope. Every VM is stopped and removed when its scope ends, also when the
 * test fails. The attributes are checked when the class starts: a mistake fails the class with a
 * message naming the attribute.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MicroVM {
    /**
     * Image name or ID; the default image is built on first use, and a source ({@code oci-archive:PATH},
     * {@code docker-archive:PATH}, {@code oci:DIR}, {@code localhost:5000/app:1}) is imported on first use.
     */
    String image() default Ignite.DEFAULT_IMAGE;

    /**
     * Kernel name or ID; the default kernel is built on first use, and so is {@code ignite/microvm}
     * ({@link Ignite#MICROVM_KERNEL}: compiled from kernels/microvm, minutes, needs build tools).
     */
    String kernel() default Ignite.DEFAULT_KERNEL;

    /**
     * The VM's name, unique in the store (a second VM by that name is refused, naming the holder):
     * the guest's host name and how peers on its network reach it. Empty (the default): generated.
     */
    String name() default "";

    /** More names peers on the VM's shared network reach it by (Docker's network aliases). */
    String[] aliases() default {};

    int cpus() default 1;

    int memoryMib() default VmSpec.DEFAULT_MEMORY_MIB;

    /** Root disk size in MiB; 0 keeps the image's size (copy-on-write, the fastest). */
    long diskSizeMib() default 0;

    /**
     * {@code user} (default), a vde network's name or {@code vde:NAME} (VMs on it reach each other
     * by name; made on first use, removed with its last VM), or {@code bridge} (root only).
     */
    String network() default "user";

    /** Replace the engine's optional kernel arguments (`quiet`); console, panic and init handover stay. */
    String[] kernelArgs() default {};

    /** {@code HOST_PATH:GUEST_PATH} copied in before boot; relative host paths are below the working directory. */
    String[] copy() default {};

    /** Published guest ports: {@code guestPort}, {@code hostPort:guestPort} or {@code address:hostPort:guestPort}. */
    String[] ports() default {};

    /**
     * TCP ports of the host's 127.0.0.1 the guest may reach, at {@code host.ignite.internal:PORT}
     * (Testcontainers' {@code exposeHostPorts}). A guest reaches no other host service.
     */
    int[] hostPorts() default {};

    /**
     * {@code NAME=VALUE}: seen by every exec through the handle and by the image's services (busybox
     * init, systemd), as with {@code docker run -e}; also in {@code /etc/environment}.
     */
    String[] env() default {};

    /** Guest TCP ports something must listen on before the VM reaches the test ({@code Wait.forListeningPort}). */
    int[] waitForPorts() default {};

    /** systemd units that must be active before the VM reaches the test; a failed unit fails at once. */
    String[] waitForUnits() default {};

    /**
     * How long the waits above (all at once) may take after SSH answers; a timeout fails the test
     * naming the wait and what it last saw. Other waits: {@code VmSpec.Builder#addWaitStrategy}.
     */
    int startupTimeoutSeconds() default 60;

    /**
     * {@link BootMode#CLONE} (the default): restored from the template made once per image, kernel,
     * machine and {@link #warmup()}, kept in the store across runs, then given its own name, key,
     * randomness, clock, environment, files and network address; a fraction of a cold boot.
     * {@link BootMode#COLD}: boots the kernel and init, for tests of boot itself. A VM that cannot be
     * a clone (volumes) boots cold and the engine says why once.
     */
    BootMode boot() default BootMode.CLONE;

    /** Commands run once in the template VM before it is saved; not with {@code boot = COLD}. */
    String[] warmup() default {};

    /**
     * When a test that sees this VM fails, leave the VM running (detached) for {@code ignite attach}
     * / {@code ssh} instead of removing it, as {@code ignite.junit.keepFailedVms} does for every VM.
     */
    boolean keepOnFailure() default false;

    /**
     * A scope name: every {@code @MicroVM} of the run naming it gets the same VM (defined by the
     * first to ask, and any other definition is refused), closed when the launcher session ends.
     * Only on static fields. Empty (the default): not shared.
     */
    String shared() default "";
}
