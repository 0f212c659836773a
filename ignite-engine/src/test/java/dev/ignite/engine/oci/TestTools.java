package dev.ignite.engine.oci;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test-only host tools (skopeo, umoci, docker-registry, mmdebstrap): tests skip, naming the package, when one is missing. */
public final class TestTools {
    private TestTools() {
    }

    /** In a test method; on a class use {@link RequiresTool} (an assumption in {@code @BeforeAll} reports 0 tests). */
    public static void assumeInstalled(String tool, String debianPackage) {
        Assumptions.assumeTrue(isInstalled(tool), () -> missingMessage(tool, debianPackage));
    }

    static boolean isInstalled(String tool) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    static String missingMessage(String tool, String debianPackage) {
        return tool + " is not installed: apt-get install -y " + debianPackage
                + " (scripts/install-host-packages --tests installs it as root; scripts/test and CI run it)";
    }

    /** Runs a host command, failing with its stderr when it exits non-zero; returns its stdout. */
    public static String run(String... command) {
        var result = dev.ignite.engine.host.HostCommand.run(java.util.List.of(command), null,
                java.time.Duration.ofMinutes(10));
        if (!result.succeeded()) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return result.stdout();
    }
}
