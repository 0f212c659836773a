package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import org.junit.jupiter.params.provider.ArgumentsSource;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@code @ParameterizedTest} once per image × kernel, passing a {@link MicroVmVariant} as its
 * first argument; the test's {@link MicroVM} VMs boot that variant:
 * <pre>{@code
 * @ParameterizedTest
 * @MicroVmSource(kernels = {"ignite/debian-cloud", "my/kernel"})
 * void bootsOnEveryKernel(MicroVmVariant variant, @MicroVM Vm vm) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(MicroVmVariantsProvider.class)
public @interface MicroVmSource {
    String[] images() default {Ignite.DEFAULT_IMAGE};

    String[] kernels() default {Ignite.DEFAULT_KERNEL};
}
