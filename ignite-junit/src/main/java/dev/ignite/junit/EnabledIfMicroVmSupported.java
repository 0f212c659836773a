package dev.ignite.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Skips the annotated class or method, with the reason, on hosts that cannot run microVMs: QEMU,
 * qemu-img, e2fsprogs, static busybox or util-linux missing ({@code HostTools.VM_TOOLS}, the list `ignite doctor`
 * checks too). Like Testcontainers' {@code @EnabledIfDockerAvailable}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MicroVmSupportCondition.class)
public @interface EnabledIfMicroVmSupported {
}
