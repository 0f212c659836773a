package dev.ignite.junit;

import dev.ignite.engine.Ignite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a started {@link dev.ignite.engine.vm.Vm} into a field or parameter. Instance fields and
 * parameters get a fresh VM per test method; static fields one VM for the whole class. Every VM is
 * stopped and removed when its scope ends, also when the test fails.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MicroVM {
    /** Image name or ID; the default image is built on first use. */
    String image() default Ignite.DEFAULT_IMAGE;

    /** Kernel name or ID; the default kernel is built on first use. */
    String kernel() default Ignite.DEFAULT_KERNEL;

    int cpus() default 1;

    int memoryMib() default 256;

    /**
     * {@code user} (default), a vde network's name (VMs on it reach each other by name; made on first
     * use, removed with its last VM), or {@code bridge} (root only).
     */
    String network() default "user";

    /** Appended to the kernel command line. */
    String[] kernelArgs() default {};
}
