package dev.ignite.engine.host;

import java.util.Optional;

/**
 * The engine's settings from outside, each with one precedence: the system property (what this JVM
 * was started with, e.g. by a build tool) over the environment variable (the shell's), over the
 * built-in default of the class that reads it.
 */
public enum Setting {
    /** The store's folder; default {@code ~/.ignite}. */
    HOME("ignite.home", "IGNITE_HOME"),
    /** The VM backend: {@code qemu}, {@code firecracker} or {@code auto} (the default). */
    VMM("ignite.vmm", "IGNITE_VMM"),
    /** QEMU's accelerator, {@code kvm} or {@code tcg}; default: KVM where usable. */
    ACCEL("ignite.accel", "IGNITE_ACCEL"),
    /** How much disk the store's templates (snapshots) may take, e.g. {@code 4G}; least recently used go first. */
    SNAPSHOT_BUDGET("ignite.snapshots.budget", "IGNITE_SNAPSHOTS_BUDGET");

    private final String property;
    private final String environmentVariable;

    Setting(String property, String environmentVariable) {
        this.property = property;
        this.environmentVariable = environmentVariable;
    }

    public String property() {
        return property;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    /** The value as set for this JVM, if any (blank counts as unset). */
    public Optional<String> value() {
        return resolve(System.getProperty(property), System.getenv(environmentVariable));
    }

    /** Where {@link #value()} came from, for messages: "system property ignite.vmm" or "IGNITE_VMM". */
    public String source() {
        return present(System.getProperty(property)) ? "system property " + property : environmentVariable;
    }

    static Optional<String> resolve(String propertyValue, String environmentValue) {
        return present(propertyValue) ? Optional.of(propertyValue.strip())
                : present(environmentValue) ? Optional.of(environmentValue.strip()) : Optional.empty();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
