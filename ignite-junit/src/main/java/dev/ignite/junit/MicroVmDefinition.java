package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.recipe.DefaultArtifacts;
import dev.ignite.engine.recipe.OnTheSpot;
import dev.ignite.engine.IgniteException;
import dev.ignite.engine.net.NetworkRef;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.FileCopy;
import dev.ignite.engine.vm.PortMapping;
import dev.ignite.engine.vm.VmSpec;
import dev.ignite.engine.vm.Wait;
import dev.ignite.engine.vm.WaitStrategy;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link MicroVM} annotation read and checked: the VM spec, how to start it and its scope. Every
 * mistake becomes one message naming the annotated element, the attribute, what was expected and
 * what was found, so the fix is obvious without reading the extension.
 *
 * @param element how messages name the annotated field or parameter, e.g. {@code field [MyIT.vm]}
 */
record MicroVmDefinition(String element, VmSpec spec, BootMode boot, List<String> warmup, String shared,
                         boolean keepOnFailure) {

    /** Reads the annotation; the store is asked whether image and kernel exist (defaults are built on use). */
    static MicroVmDefinition of(MicroVM annotation, String element, Ignite ignite) {
        Problems problems = new Problems(element);
        NetworkRef network = problems.attempt("network", "user, bridge, vde:NAME or a plain NAME",
                annotation.network(), () -> NetworkRef.parse(annotation.network()));
        if (annotation.boot() == BootMode.COLD && annotation.warmup().length > 0) {
            throw problems.conflict("warmup runs in a clone's template VM, but boot was COLD: drop boot = COLD"
                    + " or run the commands in the test");
        }
        if (!annotation.shared().isEmpty() && !annotation.shared().matches("[A-Za-z0-9_.-]+")) {
            throw problems.invalid("shared", "a scope name of letters, digits, '_', '.' or '-'", annotation.shared(), null);
        }
        requireStored(problems, "image", annotation.image(), ignite != null && !OnTheSpot.namesASource(annotation.image())
                && ignite.images().find(annotation.image()).isEmpty());
        requireStored(problems, "kernel", annotation.kernel(),
                ignite != null && ignite.kernels().find(annotation.kernel()).isEmpty());

        String name = annotation.name().isEmpty() ? null : annotation.name();
        problems.attempt("name/aliases", "a VM name and host names", annotation.name() + "/"
                + String.join(",", annotation.aliases()), () -> VmSpec.builder(annotation.image(), annotation.kernel())
                .setName(name).setAliases(List.of(annotation.aliases())).build());
        VmSpec.Builder spec = VmSpec.builder(annotation.image(), annotation.kernel())
                .setName(name)
                .setAliases(List.of(annotation.aliases()))
                .setCpus(annotation.cpus())
                .setMemoryMib(annotation.memoryMib())
                .setDiskSizeMib(annotation.diskSizeMib())
                .setNetwork(annotation.network());
        for (String arg : annotation.kernelArgs()) {
            spec.addKernelArg(arg);
        }
        for (String env : annotation.env()) {
            int eq = env.indexOf('=');
            if (eq <= 0) {
                throw problems.invalid("env", "NAME=VALUE", env, null);
            }
            spec.putEnv(env.substring(0, eq), env.substring(eq + 1));
        }
        for (String copy : annotation.copy()) {
            FileCopy fileCopy = problems.attempt("copy", "HOST_PATH:GUEST_PATH", copy, () -> FileCopy.parse(copy));
            if (!Files.exists(fileCopy.hostPath())) {
                throw problems.invalid("copy", "an existing host path (relative to " + System.getProperty("user.dir")
                        + ")", copy, "no such file: " + fileCopy.hostPath().toAbsolutePath());
            }
            spec.addCopyFile(fileCopy);
        }
        for (String port : annotation.ports()) {
            spec.addPort(problems.attempt("ports", "guestPort, hostPort:guestPort or address:hostPort:guestPort", port,
                    () -> PortMapping.parse(port)));
        }
        List<WaitStrategy> waits = new ArrayList<>();
        for (int port : annotation.waitForPorts()) {
            waits.add(problems.attempt("waitForPorts", "TCP ports (1-65535)", String.valueOf(port),
                    () -> Wait.forListeningPort(port)));
        }
        for (String unit : annotation.waitForUnits()) {
            waits.add(problems.attempt("waitForUnits", "systemd unit names", unit, () -> Wait.forUnit(unit)));
        }
        if (!waits.isEmpty()) {
            spec.addWaitStrategy(problems.attempt("startupTimeoutSeconds", "a positive number of seconds",
                    String.valueOf(annotation.startupTimeoutSeconds()), () -> Wait.forAll(waits.toArray(WaitStrategy[]::new))
                            .withStartupTimeout(Duration.ofSeconds(annotation.startupTimeoutSeconds()))));
        }
        if (Arrays.stream(annotation.hostPorts()).distinct().count() < annotation.hostPorts().length) {
            throw problems.invalid("hostPorts", "distinct ports", Arrays.toString(annotation.hostPorts()), null);
        }
        for (int port : annotation.hostPorts()) {
            if (port < 1 || port > 65535) {
                throw problems.invalid("hostPorts", "TCP ports of the host (1-65535)", Integer.toString(port), null);
            }
            spec.addHostPort(port);
        }
        VmSpec built = problems.attempt("cpus/memoryMib/diskSizeMib", "values a VM can boot with",
                annotation.cpus() + "/" + annotation.memoryMib() + "/" + annotation.diskSizeMib(), spec::build);
        return new MicroVmDefinition(element, built, annotation.boot(), List.of(annotation.warmup()),
                annotation.shared(), annotation.keepOnFailure());
    }

    private static void requireStored(Problems problems, String attribute, String reference, boolean missing) {
        if (missing && !DefaultArtifacts.builtOnFirstUse(reference)) {
            throw problems.invalid(attribute, "the name or ID of an " + attribute + " in the store ("
                    + "list them with `ignite " + attribute + "s`), one the engine builds on first use ("
                    + String.join(", ", DefaultArtifacts.namesBuiltOnFirstUse()) + ")"
                    + (attribute.equals("image") ? ", or a source imported on first use (oci-archive:PATH,"
                    + " docker-archive:PATH, oci:DIR, localhost:5000/app:1)" : ""),
                    reference, null);
        }
    }

    /** Two definitions that would start the same VM; labels (which test asked) do not matter. */
    boolean sameVmAs(MicroVmDefinition other) {
        return spec.toBuilder().clearLabels().build().equals(other.spec.toBuilder().clearLabels().build())
                && boot == other.boot && warmup.equals(other.warmup) && keepOnFailure == other.keepOnFailure;
    }

    /** Builds the messages for one annotated element. */
    private record Problems(String element) {
        interface Parse<T> {
            T get();
        }

        <T> T attempt(String attribute, String expected, String found, Parse<T> parse) {
            try {
                return parse.get();
            } catch (IgniteException e) {
                throw invalid(attribute, expected, found, e.getMessage());
            }
        }

        ExtensionConfigurationException invalid(String attribute, String expected, String found, String detail) {
            return new ExtensionConfigurationException(String.format("@MicroVM %s: %s must be %s but was: \"%s\"%s",
                    element, attribute, expected, found, detail == null ? "" : " (" + detail + ")"));
        }

        ExtensionConfigurationException conflict(String message) {
            return new ExtensionConfigurationException("@MicroVM " + element + ": " + message);
        }
    }
}
