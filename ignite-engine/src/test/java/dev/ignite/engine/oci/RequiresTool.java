package dev.ignite.engine.oci;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test-only host tool the annotated class or method needs: without it the tests are reported as
 * skipped, naming the Debian package. A condition rather than an assumption in {@code @BeforeAll}:
 * Surefire 3.5 reports a class aborted in {@code @BeforeAll} as 0 tests run, a disabled class as
 * each of its tests skipped with the reason.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(RequiresTool.List.class)
@ExtendWith(RequiresToolCondition.class)
public @interface RequiresTool {
    /** The command looked up on PATH. */
    String value();

    /** The Debian package that installs it. */
    String debianPackage();

    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(RequiresToolCondition.class)
    @interface List {
        RequiresTool[] value();
    }
}
