package dev.ignite.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ignite.engine.Ignite;
import dev.ignite.engine.IgniteException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Ignite's {@code kind: Configuration} ({@code /etc/ignite/config.yaml} or {@code --ignite-config}):
 * defaults for VMs ({@code spec.vmDefaults}: kernel, cpus, memory, diskSize, kernel command line), the
 * network ({@code spec.networkPlugin}: ours are {@code user}, {@code bridge} or a vde network's name)
 * and the ID prefix. Fields absent keep the engine's defaults.
 */
public record IgniteConfiguration(String source, String kernel, String kernelCmdLine, int cpus, long memoryMib,
                                  long diskSizeMib, String network, String idPrefix) {
    public static final Path DEFAULT_FILE = Path.of("/etc/ignite/config.yaml");
    public static final IgniteConfiguration DEFAULTS = new IgniteConfiguration("the engine's defaults",
            Ignite.DEFAULT_KERNEL, "", 1, dev.ignite.engine.vm.VmSpec.DEFAULT_MEMORY_MIB, 0, "user", "ignite");

    /** {@code explicit} if given (it must exist), else {@link #DEFAULT_FILE} if present, else the defaults. */
    public static IgniteConfiguration load(Path explicit) {
        if (explicit != null) {
            return read(explicit);
        }
        return Files.isRegularFile(DEFAULT_FILE) ? read(DEFAULT_FILE) : DEFAULTS;
    }

    public static IgniteConfiguration read(Path file) {
        List<JsonNode> documents = ApiObjects.documents(file);
        JsonNode config = documents.stream().filter(d -> "Configuration".equals(d.path("kind").asText())).findFirst()
                .orElseThrow(() -> new IgniteException(file + " holds no object of kind Configuration: an Ignite"
                        + " configuration starts with `apiVersion: ignite.weave.works/v1alpha4` and `kind: Configuration`"));
        JsonNode spec = config.path("spec");
        JsonNode vm = spec.path("vmDefaults");
        return new IgniteConfiguration(file.toString(),
                text(vm.path("kernel").path("oci")).orElse(DEFAULTS.kernel),
                text(vm.path("kernel").path("cmdLine")).orElse(DEFAULTS.kernelCmdLine),
                vm.path("cpus").asInt(DEFAULTS.cpus),
                text(vm.path("memory")).map(SizeMib::parse).orElse(DEFAULTS.memoryMib),
                text(vm.path("diskSize")).map(SizeMib::parse).orElse(DEFAULTS.diskSizeMib),
                text(spec.path("networkPlugin")).map(IgniteConfiguration::network).orElse(DEFAULTS.network),
                text(spec.path("idPrefix")).orElse(DEFAULTS.idPrefix));
    }

    /** Ignite's plugins are CNI and Docker's bridge: both give a bridged address, our {@code bridge}. */
    private static String network(String plugin) {
        return switch (plugin) {
            case "cni", "docker-bridge" -> "bridge";
            default -> plugin;
        };
    }

    static Optional<String> text(JsonNode node) {
        return node.isMissingNode() || node.isNull() || node.asText().isBlank() ? Optional.empty()
                : Optional.of(node.asText());
    }
}
